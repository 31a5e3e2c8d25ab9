"""The applicant profile in a shareable link: one codec, both directions.

    to_query(profile)           -> {"step2_ck": "231", "visa": "H-1B", ...}   (only values that differ from the defaults)
    from_query(params)          -> (Profile, notes)                          never raises
    national_from_query(params, default, maximum) -> (int, notes)           never raises
    pinned_to_query(profile, national)  -> {"a": "pinned", "a.step2_ck": "240", ...}   scenario A beside B's keys
    split_pinned(params)        -> (B's params, A's params without the prefix, whether A is pinned)

Values arrive from the URL as strings and may have been edited by hand. A value
that cannot be read falls back to the default, a number out of range is clamped,
and each correction adds a note in words, so a tampered link still opens.

Notes are plain text that quote a bad value shortened (text.quote, 40 characters);
the app escapes them before display (text.plain_markdown), so a link value can
never become a link, an image or formatting inside the app.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import re

from smartpick_core.text import quote
from smartpick_core.model.profile import (
    EARLIEST_GRADUATION_YEAR, FIELD_LABELS, MAX_ATTEMPTS, MAX_LORS, MAX_MONTHS, MAX_RESEARCH_ITEMS, PROFILE_FIELDS,
    STEP2_MAX, STEP2_MIN, Profile, ProfileError, coerce_field, current_year,
)

LABELS: dict[str, str] = FIELD_LABELS   # one wording of each field, defined with the profile


def numeric_ranges() -> dict[str, tuple[float, float]]:
    """Allowed range per numeric field (graduation year moves with the calendar)."""
    return {
        "step2_ck": (STEP2_MIN, STEP2_MAX),
        "socal_lors": (0, MAX_LORS),
        "step2_attempts": (1, MAX_ATTEMPTS),
        "usce_months": (0, MAX_MONTHS),
        "observership_months": (0, MAX_MONTHS),
        "socal_usce_months": (0, MAX_MONTHS),
        "us_lors": (0, MAX_LORS),
        "research_items": (0, MAX_RESEARCH_ITEMS),
        "graduation_year": (EARLIEST_GRADUATION_YEAR, current_year() + 1),
    }


def _text(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "value"):          # enums
        return str(value.value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


def to_query(profile: Profile, *, defaults: Profile | None = None) -> dict[str, str]:
    """Query parameters for the fields that differ from the defaults (short links)."""
    defaults = defaults or Profile()
    out = {}
    for name in PROFILE_FIELDS:
        value = getattr(profile, name)
        if value != getattr(defaults, name):
            out[name] = "" if value is None else _text(name, value)
    return out


def _single(value: Any) -> Any:
    """st.query_params gives strings; AppTest and parse_qs give lists - take the last value."""
    if isinstance(value, (list, tuple)):
        return value[-1] if value else ""
    return value


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)   # ASCII digits only: no '２３０', no '1_000'
MAX_UNKNOWN_KEYS_QUOTED = 3


def national_from_query(params: Mapping[str, Any], default: int | None,
                        maximum: int) -> tuple[int | None, list[str]]:
    """The app-level 'national' parameter (applications elsewhere): unreadable -> default (None: the default
    list), out of range -> clamped."""
    if "national" not in params:
        return default, []
    raw = _single(params["national"])
    text = str(raw).strip() if isinstance(raw, str) else ""
    if not _WHOLE_NUMBER.fullmatch(text):
        used = "the default list is used" if default is None else f"{default} is used"
        return default, [f"The link's programs elsewhere ({quote(raw)}) is not a whole number; {used}."]
    national = int(text)
    if not 0 <= national <= maximum:
        clamped = min(max(national, 0), maximum)
        return clamped, [f"The link's programs elsewhere ({national}) is outside 0–{maximum}; {clamped} is used."]
    return national, []


def from_query(params: Mapping[str, Any], *, defaults: Profile | None = None,
               specialties: Iterable[str] | None = None,
               ignore: Iterable[str] = ()) -> tuple[Profile, list[str]]:
    """Profile from query parameters; every correction is explained in a note. Never raises."""
    defaults = defaults or Profile()
    notes: list[str] = []
    values: dict[str, Any] = {}
    ranges = numeric_ranges()
    skip = set(ignore)
    unknown = [key for key in params if key not in PROFILE_FIELDS and key not in skip]
    if unknown:
        quoted = ", ".join(quote(key) for key in unknown[:MAX_UNKNOWN_KEYS_QUOTED])
        more = f" and {len(unknown) - MAX_UNKNOWN_KEYS_QUOTED} more" if len(unknown) > MAX_UNKNOWN_KEYS_QUOTED else ""
        what = "an unknown setting" if len(unknown) == 1 else "unknown settings"
        notes.append(f"The link had {what} {quoted}{more}; ignored.")
    for name in PROFILE_FIELDS:
        if name not in params:
            continue
        raw = _single(params[name])
        label = LABELS[name]
        try:
            value = coerce_field(name, raw)
        except ProfileError as exc:
            notes.append(f"The link's {label} ({quote(raw)}) could not be read, so the default "
                         f"{_text(name, getattr(defaults, name)) or 'none'} is used ({exc.allowed}).")
            continue
        if name in ranges:
            low, high = ranges[name]
            clamped = min(max(value, low), high)
            clamped = type(value)(clamped)
            if clamped != value:
                notes.append(f"The link's {label} ({_text(name, value)}) is outside {low:g}–{high:g}; "
                             f"{_text(name, clamped)} is used.")
                value = clamped
        values[name] = value
    if specialties is not None and "specialty" in values and values["specialty"] not in set(specialties):
        notes.append(f"The link's specialty ({quote(values['specialty'])}) has no programs in the data; "
                     f"{defaults.specialty} is used.")
        del values["specialty"]
    merged = {**{n: getattr(defaults, n) for n in PROFILE_FIELDS}, **values}
    limit = merged["usce_months"]
    if merged["socal_usce_months"] > limit:
        notes.append(f"The link's SoCal USCE months ({merged['socal_usce_months']:g}) exceed hands-on USCE "
                     f"({limit:g}); {limit:g} is used.")
        merged["socal_usce_months"] = limit
    if merged["socal_lors"] > merged["us_lors"]:
        notes.append(f"The link's letters from SoCal attendings ({merged['socal_lors']}) exceed its US letters "
                     f"({merged['us_lors']}); {merged['us_lors']} is used.")
        merged["socal_lors"] = merged["us_lors"]
    try:
        return Profile(**merged), notes
    except ProfileError as exc:  # a combination the per-field checks did not foresee
        notes.append(f"The link's settings did not fit together ({exc.in_words()}); "
                     "the default profile is used.")
        return defaults, notes


# --- scenario A (Compare scenarios): the pinned profile rides in the same link under a prefix ---------------
PINNED_PREFIX = "a."
PINNED_MARK = "a"          # present whenever A is pinned, so a pinned default profile still round-trips


def pinned_to_query(profile: Profile, national: int | None, *, defaults: Profile | None = None,
                    national_default: int | None = None) -> dict[str, str]:
    """Scenario A as query parameters: the mark plus 'a.<field>' for each field that differs from the defaults."""
    out = {PINNED_MARK: "pinned"}
    out.update({PINNED_PREFIX + key: value for key, value in to_query(profile, defaults=defaults).items()})
    if national is not None and national != national_default:
        out[PINNED_PREFIX + "national"] = str(national)
    return out


def split_pinned(params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """Separate scenario A's keys from the rest: (B's params, A's params with the prefix removed, A pinned?)."""
    current = {k: v for k, v in params.items() if k != PINNED_MARK and not k.startswith(PINNED_PREFIX)}
    pinned = {k[len(PINNED_PREFIX):]: v for k, v in params.items() if k.startswith(PINNED_PREFIX)}
    return current, pinned, PINNED_MARK in params or bool(pinned)
