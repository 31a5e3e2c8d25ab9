"""One outcome's values checked before it is stored: the season, yes/no answers, chances, dates in the season,
texts within their limits, the program kind. Pure checks (no database): the store calls them, and the Students
page's editor and the command line reach them through it.

    check_season(value) -> int;  check_outcome(SeasonOutcome) -> SeasonOutcome
    check_application(row, season, number) -> dict      # OutcomeValueError names 'application <n>, <column>'
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .outcomes import EARLIEST_SEASON, MAX_PREDICTED_INTERVIEWS, RESULTS, season_window
from .records import MAX_NAME_CHARS, FactError
from .rules import check_text
from ..programs.kinds import SELECTIVITY_CLASSES

MIN_SEASON, MAX_SEASON = EARLIEST_SEASON, 2100
_TEXT_LIMITS = {"specialty": 60, "program_id": 120, "program_name": 300, "city": 120, "state": 40,
                "sub_region": 80, "model_version": 40}


class OutcomeValueError(FactError):
    """A bad outcome value: `field` names the input (and the application row when there is one). The CSV import
    reports its errors by file, row and column before anything reaches the store (facts.outcomes)."""


@dataclass(frozen=True)
class SeasonOutcome:
    """What a season came to for one student, with the profile and the predictions shown when the list was saved."""

    season: int
    result: str                      # one of RESULTS, or "" before the Match
    matched_program: str = ""
    profile: Mapping[str, Any] = field(default_factory=dict)
    model_version: str = ""
    predicted_match: float | None = None
    predicted_interviews: float | None = None
    scenario_name: str = ""          # the saved scenario the profile and snapshot came from ("" when typed)


# --- checking values -------------------------------------------------------------------------------------------------
def check_season(value: object) -> int:
    """The Match year as a whole number in range, or OutcomeValueError naming the field and the range."""
    try:
        if isinstance(value, bool):
            raise TypeError(value)
        season = int(str(value).strip()) if isinstance(value, str) else int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise OutcomeValueError("season", f"{str(value)[:20]!r} is not a year; give the Match year, "
                                     f"{MIN_SEASON} to {MAX_SEASON}") from None
    if not MIN_SEASON <= season <= MAX_SEASON:
        raise OutcomeValueError("season", f"{season} is out of range; give the Match year, {MIN_SEASON} to {MAX_SEASON}")
    return season


def _flag(name: str, value: object, *, required: bool) -> int | None:
    """yes/no (also true/false, 1/0); empty is 'not known' where that is allowed."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str)
                                                                              and not value.strip()):
        if required:
            raise OutcomeValueError(name, "is required: yes or no")
        return None
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "y", "true", "1"):
            return 1
        if word in ("no", "n", "false", "0"):
            return 0
        raise OutcomeValueError(name, f"{value[:20]!r} is not yes or no")
    if isinstance(value, (bool, int)) and int(value) in (0, 1):
        return int(value)
    raise OutcomeValueError(name, f"{str(value)[:20]!r} is not yes or no")


def _chance(name: str, value: object, *, high: float = 1.0) -> float | None:
    """A probability (0-1) or an expected count (0-high); empty means no snapshot was shown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool):
            raise TypeError(value)
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise OutcomeValueError(name, f"{str(value)[:20]!r} is not a number; give 0 to {high:g} or leave it empty") from None
    if math.isnan(number):
        return None
    if not 0.0 <= number <= high:
        raise OutcomeValueError(name, f"{number:g} is out of range; give 0 to {high:g} or leave it empty")
    return number


def _date(name: str, value: object, season: int) -> _dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float)
                                                                             and math.isnan(value)):
        return None
    if isinstance(value, _dt.datetime):
        day = value.date()
    elif isinstance(value, _dt.date):
        day = value
    else:
        try:
            day = _dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise OutcomeValueError(name, f"{str(value)[:20]!r} is not a date (YYYY-MM-DD)") from None
    first, last = season_window(season)
    if not first <= day <= last:
        raise OutcomeValueError(name, f"{day} is outside the {season} season ({first} to {last})")
    return day


def _text(name: str, value: object, *, required: bool = False) -> str:
    if isinstance(value, float) and math.isnan(value):
        value = ""
    return check_text(name, value, limit=_TEXT_LIMITS.get(name, MAX_NAME_CHARS), required=required, words=name)


def check_outcome(outcome: SeasonOutcome) -> SeasonOutcome:
    """The season's values checked and normalised (OutcomeValueError naming the field); the store adds its own
    size limit on the profile."""
    if outcome.result not in (*RESULTS, ""):
        raise OutcomeValueError("result", f"{str(outcome.result)[:20]!r} is not one of {', '.join(RESULTS)} "
                                          "(or empty before the Match)")
    if not isinstance(outcome.profile, Mapping):
        raise OutcomeValueError("profile", "the profile must be a mapping of field -> value")
    profile = dict(outcome.profile)
    return replace(outcome, season=check_season(outcome.season), profile=profile,
                   matched_program=check_text("matched_program", outcome.matched_program, limit=300, required=False,
                                              words="matched_program"),
                   model_version=_text("model_version", outcome.model_version),
                   predicted_match=_chance("predicted_match", outcome.predicted_match),
                   predicted_interviews=_chance("predicted_interviews", outcome.predicted_interviews,
                                                        high=MAX_PREDICTED_INTERVIEWS),
                   scenario_name=check_text("scenario_name", outcome.scenario_name, limit=MAX_NAME_CHARS,
                                            required=False, words="scenario_name"))


def check_application(row: Mapping[str, Any], season: int, number: int = 1) -> dict[str, Any]:
    """One application's column values, or OutcomeValueError naming 'application <n>, <column>'."""
    try:
        kind = _text("kind", row.get("kind"), required=True)
        if kind not in SELECTIVITY_CLASSES:
            raise OutcomeValueError("kind", f"{kind[:40]!r} is not one of {', '.join(SELECTIVITY_CLASSES)}")
        values: dict[str, Any] = {name: _text(name, row.get(name)) for name in
                  ("specialty", "program_id", "program_name", "city", "state", "sub_region", "model_version")}
        if not values["specialty"]:
            raise OutcomeValueError("specialty", "is required")
        if not (values["program_id"] or values["program_name"]):
            raise OutcomeValueError("program_name", "give the program id or its name")
        invited = _flag("invited", row.get("invited"), required=True)
        values.update(kind=kind, invited=invited, invited_on=_date("invited_on", row.get("invited_on"), season),
                      interviewed=_flag("interviewed", row.get("interviewed"), required=False),
                      ranked=_flag("ranked", row.get("ranked"), required=False),
                      predicted_chance=_chance("predicted_chance", row.get("predicted_chance")))
        if values["invited_on"] is not None and not invited:
            raise OutcomeValueError("invited_on", "has a date but invited is no")
        if values["interviewed"] and not invited:
            raise OutcomeValueError("interviewed", "is yes but invited is no")
    except FactError as exc:
        raise OutcomeValueError(f"application {number}, {exc.field}", exc.message) from None
    return values
