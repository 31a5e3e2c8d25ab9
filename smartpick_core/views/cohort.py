"""The cohort view: every saved scenario scored in one batch, one row each (an advisor's whole caseload).

    scenario_profile(profile, national)   -> the dict a saved scenario stores (public profile fields + "national")
    split_saved(saved)                    -> (Profile, national) from that dict (ProfileError in words if bad)
    cohort_table(scenarios, programs)     -> DataFrame: student, scenario, outlook, tier counts, top programs

Like the CLI's `--profiles` cohort mode: the program table is loaded once, each profile is scored by the same
`score()`, and a profile that cannot be read becomes a row with its error instead of stopping the others. The
top programs are the first of the one ranking (views.summary.top_programs), so the cohort names the same best
bets as the Overview page of each student.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import pandas as pd

from ..model.profile import Profile, ProfileError
from ..model.scoring import NATIONAL_MAX, national_default, score
from ..model.tiers import TIER_ORDER
from ..model.wording import percent_band
from ..programs.table import ProgramDataError, specialties_in
from .summary import top_programs

NATIONAL_KEY = "national"
TOP_N = 3
COHORT_COLUMNS = ["scenario_id", "student", "scenario", "specialty", "visa", "step2_ck", "outlook",
                  "match_probability", "match_probability_low", "match_probability_high", "expected_interviews",
                  *[t.value for t in TIER_ORDER], "top_programs", "notes", "error"]


def scenario_profile(profile: Profile, national: int) -> dict[str, Any]:
    """What a scenario stores: the public profile fields (the CLI/URL contract) plus programs elsewhere."""
    return {**profile.to_dict(), NATIONAL_KEY: int(national)}


def split_saved(saved: Mapping[str, Any], specialties: set[str] | None = None) -> tuple[Profile, int]:
    """A saved scenario's Profile and national count; a bad value gives ProfileError naming the field."""
    if not isinstance(saved, Mapping):
        raise ProfileError("profile", type(saved).__name__, "expected a JSON object of profile fields")
    values = dict(saved)
    national = values.pop(NATIONAL_KEY, national_default())
    if isinstance(national, bool) or not isinstance(national, (int, float, str)) or not str(national).isdigit() \
            or not 0 <= int(national) <= NATIONAL_MAX:
        raise ProfileError(NATIONAL_KEY, national, f"a whole number from 0 to {NATIONAL_MAX}")
    return Profile.from_dict(values, specialties=specialties), int(national)


def _attr(item: Any, name: str, default: Any = "") -> Any:
    return item.get(name, default) if isinstance(item, Mapping) else getattr(item, name, default)


def cohort_row(item: Any, programs: pd.DataFrame, specialties: set[str], top_n: int = TOP_N) -> dict[str, Any]:
    """One scenario (a ScenarioRecord or a mapping with id, student_name, name, profile, notes) scored."""
    row: dict[str, Any] = {c: None for c in COHORT_COLUMNS}
    row.update(scenario_id=_attr(item, "id", None), student=str(_attr(item, "student_name")),
               scenario=str(_attr(item, "name")), notes=str(_attr(item, "notes") or ""), error="")
    try:
        profile, national = split_saved(_attr(item, "profile", {}), specialties)
        result = score(profile, programs, n_national=national)
    except (ProfileError, ProgramDataError) as exc:
        row["error"] = str(exc)
        return row
    outlook = result.outlook
    tiers = result.tier_counts()
    row.update(specialty=profile.specialty, visa=profile.visa.label, step2_ck=profile.step2_ck,
               outlook=percent_band(outlook.match_probability, outlook.match_probability_low,
                                    outlook.match_probability_high),
               match_probability=outlook.match_probability, match_probability_low=outlook.match_probability_low,
               match_probability_high=outlook.match_probability_high,
               expected_interviews=round(outlook.expected_interviews, 1),
               top_programs="; ".join(top_programs(result, top_n)["name"]))
    row.update({tier: int(tiers.get(tier, 0)) for tier in (t.value for t in TIER_ORDER)})
    return row


def cohort_table(scenarios: Iterable[Any], programs: pd.DataFrame, *, top_n: int = TOP_N) -> pd.DataFrame:
    """Every scenario scored against one program table; best chance first (unreadable ones last, with the error)."""
    specialties = specialties_in(programs)
    rows = [cohort_row(item, programs, specialties, top_n) for item in scenarios]
    table = pd.DataFrame(rows, columns=COHORT_COLUMNS)
    if table.empty:
        return table
    for column in ("match_probability", "match_probability_low", "match_probability_high", "expected_interviews"):
        table[column] = table[column].astype("Float64")
    for column in ["step2_ck", *(t.value for t in TIER_ORDER)]:
        table[column] = table[column].astype("Int64")
    return (table.sort_values(["match_probability", "student", "scenario"], ascending=[False, True, True],
                              na_position="last", kind="stable").reset_index(drop=True))
