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


class ProfileError(ValueError):
    """A profile value outside its allowed range; the message is user-facing."""

    def __init__(self, field_name: str, value: Any, allowed: str) -> None:
        self.field_name = field_name
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field_name}: {value!r} is not allowed; {allowed}")


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


# USMLE passing standard for Step 2 CK: 214 from July 2022, 218 for tests from 1 July 2025.
STEP2_PASS_CURRENT = 218
STEP2_PASS_EARLIER = 214
STEP2_MAX = 300
MAX_ATTEMPTS = 6
MAX_MONTHS = 120
MAX_RESEARCH_ITEMS = 500
MAX_LORS = 6
EARLIEST_GRADUATION_YEAR = 1970


def current_year() -> int:
    return _dt.date.today().year


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
            raise ProfileError(unknown[0], data[unknown[0]], f"not a profile field; fields are {', '.join(PROFILE_FIELDS)}")
        kwargs = {name: _coerce(name, value) for name, value in data.items()}
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
        return out

    def with_changes(self, **changes: Any) -> "Profile":
        """A modified copy (validated) - used by scenarios and the UI."""
        return replace(self, **{k: _coerce(k, v) for k, v in changes.items()})

    @property
    def notes(self) -> tuple[str, ...]:
        """Non-blocking remarks the UI should show beside the profile."""
        out = []
        if STEP2_PASS_EARLIER <= self.step2_ck < STEP2_PASS_CURRENT:
            out.append(
                f"step2_ck: {self.step2_ck} passed under the earlier standard (214, July 2022); "
                f"tests from 1 July 2025 need {STEP2_PASS_CURRENT}."
            )
        return tuple(out)

    @property
    def needs_visa(self) -> bool:
        return self.visa is not Visa.NONE


PROFILE_FIELDS: tuple[str, ...] = (
    "specialty", "step2_ck", "step1", "step2_attempts", "step3", "visa", "usce_months",
    "observership_months", "socal_usce_months", "us_lors", "research_items", "graduation_year",
    "languages", "socal_ties", "home",
)


def check_specialty(specialty: str, specialties: set[str]) -> None:
    """Refuse a specialty that has no programs in the data."""
    if specialty not in specialties:
        raise ProfileError("specialty", specialty, f"allowed: {', '.join(sorted(specialties))}")


# --- coercion: JSON/URL values arrive as strings, numbers or lists ---------------
_INT_FIELDS = {"step2_ck", "step2_attempts", "us_lors", "research_items", "graduation_year"}
_FLOAT_FIELDS = {"usce_months", "observership_months", "socal_usce_months"}
_ENUMS = {"step1": Step1, "step3": Step3, "visa": Visa}


def _coerce(name: str, value: Any) -> Any:
    if name in _INT_FIELDS:
        return _to_int(name, value)
    if name in _FLOAT_FIELDS:
        return _to_float(name, value)
    if name in _ENUMS:
        enum = _ENUMS[name]
        try:
            return enum(value)
        except ValueError:
            raise ProfileError(name, value, f"allowed: {', '.join(m.value for m in enum)}") from None
    if name == "languages":
        return _to_languages(value)
    if name == "socal_ties":
        return _to_bool(name, value)
    if name == "home":
        return _to_home(value)
    if name == "specialty":
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(name, value, "a specialty name such as 'Internal Medicine'")
        return value.strip()
    return value


def _to_int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ProfileError(name, value, "a whole number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise ProfileError(name, value, "a whole number")


def _to_float(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ProfileError(name, value, "a number of months")
    try:
        out = float(value)
    except (TypeError, ValueError):
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


def _to_languages(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ProfileError("languages", value, "a list of language names")
    cleaned = tuple(dict.fromkeys(v.strip().title() for v in value if v.strip()))
    if any(len(v) > 40 for v in cleaned) or len(cleaned) > 20:
        raise ProfileError("languages", value, "up to 20 language names of at most 40 characters")
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
    if p.step2_ck < STEP2_PASS_EARLIER:
        raise ProfileError(
            "step2_ck", p.step2_ck,
            f"a passing score is needed: {STEP2_PASS_CURRENT} is the passing standard for tests from 1 July 2025 "
            f"({STEP2_PASS_EARLIER} from July 2022); allowed {STEP2_PASS_EARLIER}-{STEP2_MAX}",
        )
    if p.step2_ck > STEP2_MAX:
        raise ProfileError("step2_ck", p.step2_ck, f"needs to be between {STEP2_PASS_EARLIER} and {STEP2_MAX}")
    for enum_field, enum in _ENUMS.items():
        if not isinstance(getattr(p, enum_field), enum):
            raise ProfileError(enum_field, getattr(p, enum_field), f"allowed: {', '.join(m.value for m in enum)}")
    if not 1 <= p.step2_attempts <= MAX_ATTEMPTS:
        raise ProfileError("step2_attempts", p.step2_attempts, f"needs to be between 1 and {MAX_ATTEMPTS}")
    for months_field in ("usce_months", "observership_months", "socal_usce_months"):
        months = getattr(p, months_field)
        if not 0 <= months <= MAX_MONTHS:
            raise ProfileError(months_field, months, f"needs to be between 0 and {MAX_MONTHS} months")
    if p.socal_usce_months > p.usce_months + p.observership_months:
        raise ProfileError(
            "socal_usce_months", p.socal_usce_months,
            f"cannot exceed hands-on USCE plus observership months ({p.usce_months + p.observership_months:g})",
        )
    if not 0 <= p.us_lors <= MAX_LORS:
        raise ProfileError("us_lors", p.us_lors, f"needs to be between 0 and {MAX_LORS}")
    if not 0 <= p.research_items <= MAX_RESEARCH_ITEMS:
        raise ProfileError("research_items", p.research_items, f"needs to be between 0 and {MAX_RESEARCH_ITEMS}")
    latest = current_year() + 1
    if not EARLIEST_GRADUATION_YEAR <= p.graduation_year <= latest:
        raise ProfileError("graduation_year", p.graduation_year, f"needs to be between {EARLIEST_GRADUATION_YEAR} and {latest}")
    if not isinstance(p.languages, tuple):
        raise ProfileError("languages", p.languages, "a list of language names")
    if not isinstance(p.socal_ties, bool):
        raise ProfileError("socal_ties", p.socal_ties, "true or false")
