"""The applicant profile: one validated, immutable value.

Field names are a public contract (JSON files, URLs and the command line use
them). Validation lives here, at the edge, so the model never sees a bad value;
every refusal is a ProfileError whose message names the field, the value and
the allowed range.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, replace
from enum import Enum
from typing import Any, Mapping

from ..programs.table import Region


# Each public field in words, for every message a user reads (the dashboard never shows a raw field name).
FIELD_LABELS: dict[str, str] = {
    "specialty": "specialty", "step2_ck": "Step 2 CK", "step1": "Step 1 outcome", "step2_attempts": "Step 2 CK attempts",
    "step3": "Step 3", "visa": "visa need", "usce_months": "hands-on USCE months",
    "observership_months": "observership months", "socal_usce_months": "SoCal USCE months", "us_lors": "US letters",
    "research_items": "research items", "graduation_year": "graduation year", "languages": "languages",
    "socal_ties": "SoCal ties", "home": "home city", "socal_lors": "letters from SoCal attendings",
    "usce_subregions": "sub-regions of your SoCal USCE", "national": "programs elsewhere (national)",
}


class ProfileError(ValueError):
    """A profile value outside its allowed range.

    str(exc) keeps the public field name (the CLI and JSON files speak in field names); the dashboard
    shows `exc.label` and `exc.message` instead, which are words only:

        exc.field_name  'socal_usce_months'                 (which widget to put the message beside)
        exc.label       'SoCal USCE months'
        exc.message     'More months in Southern California than in total (3); ...'
    """

    def __init__(self, field_name: str, value: Any, allowed: str, message: str | None = None) -> None:
        self.field_name = field_name
        self.value = value
        self.allowed = allowed
        self.message = message or f"{_shown(value)} is not allowed; {allowed}"
        super().__init__(f"{field_name}: {_repr(value)} is not allowed; {allowed}")

    @property
    def label(self) -> str:
        """The field in words ('profile' for a value that is no field at all)."""
        return FIELD_LABELS.get(self.field_name, "profile")

    def in_words(self) -> str:
        """One sentence for a message away from the field: 'SoCal USCE months: more months in ...'."""
        return f"{self.label[:1].upper()}{self.label[1:]}: {self.message[:1].lower()}{self.message[1:]}"


def _choose_one(value: Any, enum: _ChoiceEnum) -> str:
    """An enum refusal in words: the choices by their labels, not their codes (fail_then_pass)."""
    return f"{_shown(value)} is not allowed; choose one of: {'; '.join(m.label for m in enum)}"


def _repr(value: Any) -> str:
    """repr for str(exc), but text quoted like every message (bounded; invisible characters as escapes)."""
    from ..text import ERROR_VALUE_LIMIT, quote

    return quote(value, ERROR_VALUE_LIMIT) if isinstance(value, str) else repr(value)


def _shown(value: Any) -> str:
    """A refused value as a user typed it: numbers bare (240, 4.5), anything else quoted and shortened."""
    from ..text import quote   # local: text.py sits at the package root and imports nothing of ours

    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return quote(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


class Visa(str, Enum):
    NONE = "none"
    J1 = "J-1"
    H1B = "H-1B"
    J1_OR_H1B = "J-1 or H-1B"

    @property
    def label(self) -> str:
        return {
            "none": "No visa needed (citizen / permanent resident / EAD)",
            "J-1": "J-1 (ECFMG-sponsored)",
            "H-1B": "H-1B only",
            "J-1 or H-1B": "J-1 or H-1B",
        }[self.value]


class Step1(str, Enum):
    PASS = "pass"
    FAIL_THEN_PASS = "fail_then_pass"

    @property
    def label(self) -> str:
        return {"pass": "Passed first attempt", "fail_then_pass": "Passed after a failed attempt"}[self.value]


class Step3(str, Enum):
    NOT_TAKEN = "not_taken"
    PASSED = "passed"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"not_taken": "Not taken", "passed": "Passed", "failed": "Failed attempt"}[self.value]


# USMLE passing standards for Step 2 CK over time (a score is accepted if it passed when it was taken).
STEP2_STANDARDS: tuple[tuple[int, str], ...] = (
    (196, "July 2012"), (203, "July 2013"), (209, "July 2014"), (214, "July 2022"), (218, "1 July 2025"),
)
STEP2_PASS_CURRENT = 218
STEP2_MIN = 196
NRMP_LOWEST_SCORE = 209          # lowest Step 2 CK in NRMP's 2026 tables: below it the estimate extrapolates
SUBREGIONS: tuple[str, ...] = tuple(r.value for r in Region)   # the data's own sub-regions, one list
STEP2_MAX = 300
MAX_ATTEMPTS = 6
MAX_MONTHS = 120
MAX_RESEARCH_ITEMS = 500
MAX_LORS = 6
EARLIEST_GRADUATION_YEAR = 1970


def current_year() -> int:
    return _dt.date.today().year


def application_cycle_year(today: _dt.date | None = None) -> int:
    """Year of the next ERAS season an applicant can still join (applications open in September)."""
    today = today or _dt.date.today()
    return today.year if today.month < 9 else today.year + 1


@dataclass(frozen=True)
class Profile:
    """One applicant. Build with Profile.from_dict(...) or Profile(...) - both validate."""

    specialty: str = "Internal Medicine"
    step2_ck: int = 225
    step1: Step1 = Step1.PASS
    step2_attempts: int = 1
    step3: Step3 = Step3.NOT_TAKEN
    visa: Visa = Visa.J1
    usce_months: float = 3.0
    observership_months: float = 0.0
    socal_usce_months: float = 0.0
    us_lors: int = 2
    research_items: int = 0
    graduation_year: int = 2023
    languages: tuple[str, ...] = ()
    socal_ties: bool = False
    home: str | None = None
    socal_lors: int = 0
    usce_subregions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _validate(self)

    # --- conversions -------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, specialties: set[str] | None = None) -> "Profile":
        """Parse a JSON-like mapping; unknown keys are refused so typos are not silently ignored."""
        if not isinstance(data, Mapping):
            raise ProfileError("profile", type(data).__name__, "expected a JSON object of profile fields")
        unknown = sorted(set(data) - set(PROFILE_FIELDS))
        if unknown:
            raise ProfileError(unknown[0], data[unknown[0]], f"not a profile field; fields are {', '.join(PROFILE_FIELDS)}",
                               message="this setting is not part of a profile and was not read")
        kwargs = {name: coerce_field(name, value) for name, value in data.items()}
        profile = cls(**kwargs)
        if specialties is not None:
            check_specialty(profile.specialty, specialties)
        return profile

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["step1"] = self.step1.value
        out["step3"] = self.step3.value
        out["visa"] = self.visa.value
        out["languages"] = list(self.languages)
        out["usce_subregions"] = list(self.usce_subregions)
        return out

    def with_changes(self, **changes: Any) -> "Profile":
        """A modified copy (validated) - used by scenarios and the UI."""
        return replace(self, **{k: coerce_field(k, v) for k, v in changes.items()})

    @property
    def notes(self) -> tuple[str, ...]:
        """Non-blocking remarks the UI shows beside the profile, in words (no field names)."""
        out = []
        if self.step2_ck < STEP2_PASS_CURRENT:
            standard, since = max((s, d) for s, d in STEP2_STANDARDS if s <= self.step2_ck)
            out.append(f"Step 2 CK {self.step2_ck} passed under the standard of its day ({standard}, from {since}); "
                       f"tests taken from 1 July 2025 need {STEP2_PASS_CURRENT}. Programs see the score as it is.")
        if self.step2_ck < NRMP_LOWEST_SCORE:
            out.append(f"NRMP's 2026 tables start at {NRMP_LOWEST_SCORE}: the estimate for {self.step2_ck} extrapolates "
                       "beyond the published data.")
        return tuple(out)


PROFILE_FIELDS: tuple[str, ...] = (
    "specialty", "step2_ck", "step1", "step2_attempts", "step3", "visa", "usce_months",
    "observership_months", "socal_usce_months", "us_lors", "research_items", "graduation_year",
    "languages", "socal_ties", "home", "socal_lors", "usce_subregions",
)


def check_specialty(specialty: str, specialties: set[str]) -> None:
    """Refuse a specialty that has no programs in the data."""
    if specialty not in specialties:
        raise ProfileError("specialty", specialty, f"allowed: {', '.join(sorted(specialties))}")


# --- coercion: JSON/URL values arrive as strings, numbers or lists ---------------
_INT_FIELDS = {"step2_ck", "step2_attempts", "us_lors", "research_items", "graduation_year", "socal_lors"}
_FLOAT_FIELDS = {"usce_months", "observership_months", "socal_usce_months"}
_ChoiceEnum = type[Visa] | type[Step1] | type[Step3]   # the profile's enums: each member has a .label
_ENUMS: dict[str, _ChoiceEnum] = {"step1": Step1, "step3": Step3, "visa": Visa}


def coerce_field(name: str, value: Any) -> Any:
    if name in _INT_FIELDS:
        return to_int(name, value)
    if name in _FLOAT_FIELDS:
        return _to_float(name, value)
    if name in _ENUMS:
        enum = _ENUMS[name]
        try:
            return enum(value)
        except ValueError:
            raise ProfileError(name, value, f"allowed: {', '.join(m.value for m in enum)}",
                               message=_choose_one(value, enum)) from None
    if name == "languages":
        return _to_languages(value)
    if name == "usce_subregions":
        return _to_subregions(value)
    if name == "socal_ties":
        return _to_bool(name, value)
    if name == "home":
        return _to_home(value)
    if name == "specialty":
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(name, value, "a specialty name such as 'Internal Medicine'")
        return value.strip()
    return value


def to_int(name: str, value: Any) -> int:
    """Whole numbers only; text must be ASCII digits (no '２３０', '1_000', NUL bytes or 5000-digit strings)."""
    if isinstance(value, bool):
        raise ProfileError(name, value, "a whole number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    import re  # local: ASCII-only whole numbers, at most 12 digits

    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,12}", value.strip(" "), re.ASCII):
        return int(value.strip(" "))
    raise ProfileError(name, value, "a whole number (digits 0-9)")


def _to_float(name: str, value: Any) -> float:
    """A finite number; text must be ASCII digits with an optional decimal point (no 'nan', '1e9', '２')."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ProfileError(name, value, "a number of months")
    import re  # local: ASCII-only decimals, at most 12 digits each side

    if isinstance(value, str) and not re.fullmatch(r"[+-]?([0-9]{1,12}(\.[0-9]{0,12})?|\.[0-9]{1,12})",
                                                   value.strip(" "), re.ASCII):
        raise ProfileError(name, value, "a number of months (digits 0-9, optional decimal point)")
    try:
        out = float(value.strip(" ") if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        raise ProfileError(name, value, "a number of months") from None
    if out != out or out in (float("inf"), float("-inf")):
        raise ProfileError(name, value, "a finite number of months")
    return out


def _to_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "0", "no", ""}:
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ProfileError(name, value, "true or false")


def _name_list(name: str, value: Any, allowed: str) -> list[str]:
    """A JSON list or a comma-separated string of names (links carry lists as 'a,b')."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ProfileError(name, value, allowed)
    return [v.strip() for v in value if v.strip()]


def _to_languages(value: Any) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(v.title() for v in _name_list("languages", value, "a list of language names")))
    if any(len(v) > 40 for v in cleaned) or len(cleaned) > 20:
        raise ProfileError("languages", value, "up to 20 language names of at most 40 characters")
    return cleaned


def _to_subregions(value: Any) -> tuple[str, ...]:
    allowed = f"allowed: {', '.join(SUBREGIONS)}"
    cleaned = tuple(dict.fromkeys(_name_list("usce_subregions", value, allowed)))
    unknown = [v for v in cleaned if v not in SUBREGIONS]
    if unknown:
        raise ProfileError("usce_subregions", unknown[0][:40], allowed)
    return cleaned


def _to_home(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 80:
        raise ProfileError("home", value, "a city name of at most 80 characters")
    return value.strip() or None


def _validate(p: Profile) -> None:
    """Range checks; the messages are shown to users as they are."""
    if not isinstance(p.step2_ck, int) or isinstance(p.step2_ck, bool):
        raise ProfileError("step2_ck", p.step2_ck, "a whole number")
    if p.step2_ck < STEP2_MIN:
        raise ProfileError(
            "step2_ck", p.step2_ck,
            f"a score that passed when it was taken is needed: the lowest passing standard was {STEP2_MIN} "
            f"(July 2012); allowed {STEP2_MIN}-{STEP2_MAX}",
        )
    if p.step2_ck > STEP2_MAX:
        raise ProfileError("step2_ck", p.step2_ck, f"needs to be between {STEP2_MIN} and {STEP2_MAX}")
    for enum_field, enum in _ENUMS.items():
        if not isinstance(getattr(p, enum_field), enum):
            raise ProfileError(enum_field, getattr(p, enum_field), f"allowed: {', '.join(m.value for m in enum)}",
                               message=_choose_one(getattr(p, enum_field), enum))
    if not 1 <= p.step2_attempts <= MAX_ATTEMPTS:
        raise ProfileError("step2_attempts", p.step2_attempts, f"needs to be between 1 and {MAX_ATTEMPTS}")
    for months_field in ("usce_months", "observership_months", "socal_usce_months"):
        months = getattr(p, months_field)
        if not 0 <= months <= MAX_MONTHS:
            raise ProfileError(months_field, months, f"needs to be between 0 and {MAX_MONTHS} months")
    if p.socal_usce_months > p.usce_months:
        raise ProfileError(
            "socal_usce_months", p.socal_usce_months,
            f"more months in Southern California than hands-on months in total ({p.usce_months:g}); "
            "observerships cannot count as SoCal hands-on USCE",
            message=f"More months in Southern California ({p.socal_usce_months:g}) than in total "
                    f"({p.usce_months:g}). Observerships cannot count as Southern California hands-on months.",
        )
    if not 0 <= p.us_lors <= MAX_LORS:
        raise ProfileError("us_lors", p.us_lors, f"needs to be between 0 and {MAX_LORS}")
    if not 0 <= p.socal_lors <= p.us_lors:
        raise ProfileError("socal_lors", p.socal_lors, f"needs to be between 0 and your US letters ({p.us_lors})",
                           message=f"More letters from Southern California attendings ({p.socal_lors}) than US "
                                   f"letters in total ({p.us_lors})." if p.socal_lors > p.us_lors else None)
    if not isinstance(p.usce_subregions, tuple) or any(r not in SUBREGIONS for r in p.usce_subregions):
        raise ProfileError("usce_subregions", p.usce_subregions, f"allowed: {', '.join(SUBREGIONS)}")
    if not 0 <= p.research_items <= MAX_RESEARCH_ITEMS:
        raise ProfileError("research_items", p.research_items, f"needs to be between 0 and {MAX_RESEARCH_ITEMS}")
    latest = current_year() + 1
    if not EARLIEST_GRADUATION_YEAR <= p.graduation_year <= latest:
        raise ProfileError("graduation_year", p.graduation_year, f"needs to be between {EARLIEST_GRADUATION_YEAR} and {latest}")
    if not isinstance(p.languages, tuple):
        raise ProfileError("languages", p.languages, "a list of language names")
    if not isinstance(p.socal_ties, bool):
        raise ProfileError("socal_ties", p.socal_ties, "true or false")
