"""The cohort view: every saved scenario scored in one batch, one row each (an advisor's whole caseload).

    scenario_profile(profile, national)   -> the dict a saved scenario stores (public profile fields + "national")
    split_saved(saved)                    -> (Profile, national) from that dict (ProfileError in words if bad)
    cohort_table(scenarios, programs)     -> DataFrame: student, scenario, outlook, tier counts, top programs
    profile_line / scenario_line / save_request / cohort_shown / cohort_csv
                                          -> the Students page's words, save check, table and download

Like the CLI's `--profiles` cohort mode: the program table is loaded once, each profile is scored by the same
`score()`, and a profile that cannot be read becomes a row with its error instead of stopping the others. The
top programs are the first of the one ranking (views.summary.top_programs), so the cohort names the same best
bets as the Overview page of each student.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, NamedTuple

import pandas as pd

from ..csv_writer import to_csv_bytes
from ..model.nrmp_terms import NRMP_CITATION
from ..model.profile import Profile, ProfileError, to_int
from ..model.scoring import NATIONAL_MAX, national_default, score
from ..model.tiers import TIER_ORDER
from ..model.ranking import top_programs
from ..model.wording import count_band, percent_band
from ..text import plural
from ..programs.frozen import freeze
from ..programs.table import ProgramDataError, specialties_in

NATIONAL_KEY = "national"
TOP_N = 3
NEW_STUDENT = "New student…"      # the Student choice that saves under the typed name
HIDDEN_COLUMNS = ["scenario_id", "match_probability_low", "match_probability_high"]   # kept for the CSV only
COHORT_COLUMNS = ["scenario_id", "student", "scenario", "specialty", "visa", "step2_ck", "outlook",
                  "match_probability", "match_probability_low", "match_probability_high", "expected_interviews",
                  "interviews",
                  *[t.value for t in TIER_ORDER], "top_programs", "notes", "error"]


def scenario_profile(profile: Profile, national: int | None) -> dict[str, Any]:
    """What a scenario stores: the public profile fields (the CLI/URL contract) plus programs elsewhere (null:
    the default list)."""
    return {**profile.to_dict(), NATIONAL_KEY: None if national is None else int(national)}


def split_saved(saved: Mapping[str, Any], specialties: set[str] | None = None) -> tuple[Profile, int | None]:
    """A saved scenario's Profile and national count (None: the default list); a bad value gives ProfileError
    naming the field. A count saved earlier stays that count: nothing saved changes meaning."""
    if not isinstance(saved, Mapping):
        raise ProfileError("profile", type(saved).__name__, "expected a JSON object of profile fields")
    values = dict(saved)
    raw = values.pop(NATIONAL_KEY, national_default())
    if raw is None:
        return Profile.from_dict(values, specialties=specialties), None
    allowed = f"a whole number from 0 to {NATIONAL_MAX}, or null for the default list"
    try:
        national = to_int(NATIONAL_KEY, raw)      # ASCII digits only: no '²', '１２' or 5000-digit strings
    except ProfileError:
        raise ProfileError(NATIONAL_KEY, raw, allowed) from None
    if not 0 <= national <= NATIONAL_MAX:
        raise ProfileError(NATIONAL_KEY, raw, allowed)
    return Profile.from_dict(values, specialties=specialties), national


def _attr(item: Any, name: str, default: Any = "") -> Any:
    return item.get(name, default) if isinstance(item, Mapping) else getattr(item, name, default)


def cohort_row(item: Any, programs: pd.DataFrame, specialties: set[str], top_n: int = TOP_N,
               by_specialty: Mapping[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """One scenario (a ScenarioRecord or a mapping with id, student_name, name, profile, notes) scored."""
    row: dict[str, Any] = {c: None for c in COHORT_COLUMNS}
    row.update(scenario_id=_attr(item, "id", None), student=str(_attr(item, "student_name")),
               scenario=str(_attr(item, "name")), notes=str(_attr(item, "notes") or ""), error="")
    try:
        profile, national = split_saved(_attr(item, "profile", {}), specialties)
        result = score(profile, (by_specialty or {}).get(profile.specialty, programs), n_national=national)
    except ProfileError as exc:
        row["error"] = exc.in_words()          # the Students page shows it: words, never a raw field name
        return row
    except ProgramDataError as exc:
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
               interviews=count_band(outlook.expected_interviews, outlook.expected_interviews_low,
                                     outlook.expected_interviews_high),
               top_programs="; ".join(top_programs(result, top_n)["name"]))
    row.update({tier: int(tiers.get(tier, 0)) for tier in (t.value for t in TIER_ORDER)})
    return row


def cohort_summary(table: pd.DataFrame, model_version: str) -> str:
    """One sentence over the cohort: how many scenarios and students, and the best outlook (none if none scored)."""
    scored = table[table["error"] == ""]
    best = (f"Best outlook: {scored.iloc[0]['student']} — {scored.iloc[0]['scenario']} ({scored.iloc[0]['outlook']})."
            if len(scored) else "No scenario could be scored; the Problem column says why.")
    return (f"{plural(len(table), 'scenario')} of {plural(table['student'].nunique(), 'student')}, scored in one batch "
            f"with model "
            f"{model_version}. {best} Click a column header to sort.")


def cohort_table(scenarios: Iterable[Any], programs: pd.DataFrame, *, top_n: int = TOP_N) -> pd.DataFrame:
    """Every scenario scored against one program table; best chance first (unreadable ones last, with the error)."""
    specialties = specialties_in(programs)
    kinds = programs["specialty"].to_numpy(dtype=object)
    by_specialty = {s: freeze(programs[kinds == s].reset_index(drop=True)) for s in specialties}  # built once each
    rows = [cohort_row(item, programs, specialties, top_n, by_specialty) for item in scenarios]
    table = pd.DataFrame(rows, columns=COHORT_COLUMNS)
    if table.empty:
        return table
    for column in ("match_probability", "match_probability_low", "match_probability_high", "expected_interviews"):
        table[column] = table[column].astype("Float64")
    for column in ["step2_ck", *(t.value for t in TIER_ORDER)]:
        table[column] = table[column].astype("Int64")
    return (table.sort_values(["match_probability", "student", "scenario"], ascending=[False, True, True],
                              na_position="last", kind="stable").reset_index(drop=True))


def profile_line(profile: Profile, national: int | None) -> str:
    """The profile about to be saved, in one line, so the advisor sees what Save stores."""
    elsewhere = "the default list" if national is None else f"{national} programs elsewhere"
    return (f"{profile.specialty}, Step 2 CK {profile.step2_ck}, {profile.visa.label}, {profile.usce_months:g} months "
            f"hands-on USCE, {elsewhere}.")


def scenario_line(record: Any) -> str:
    """A saved scenario in one line; its stored profile is shown as saved ('?' where a field is missing)."""
    prof = _attr(record, "profile", {}) or {}
    return (f"{_attr(record, 'name')} · {prof.get('specialty', '?')}, Step 2 CK {prof.get('step2_ck', '?')}, "
            f"visa {prof.get('visa', '?')}")


class SaveRequest(NamedTuple):
    student: str
    scenario: str
    error: str          # "" when the names are good; else what to type, in words


def save_request(pick: str, new_name: str, scenario_name: str, new_label: str = NEW_STUDENT) -> SaveRequest:
    """Which student and scenario a Save press means, or why it cannot save (checked before the store is opened)."""
    student = (new_name if pick == new_label else pick).strip()
    scenario = scenario_name.strip()
    error = ""
    if not student:
        error = "Student name — type a name for the new student (1 to 200 characters)."
    elif not scenario:
        error = "Scenario name — give the scenario a name (1 to 200 characters), e.g. 'base'."
    return SaveRequest(student, scenario, error)


def _capital(letter: str) -> str:
    upper = letter.upper()
    return upper if len(upper) == 1 else letter      # 'ß'.upper() is 'SS': keep the one letter


def initials(name: str) -> str:
    """'Amal K. Haddad' -> 'A. K. H.': who a row is, for the advisor, without naming a student on a shared screen."""
    letters = [_capital(word[0]) for word in str(name).split() if word and word[0].isalnum()]
    return " ".join(f"{letter}." for letter in letters) or "?"


def screen_name(name: str, *, presenting: bool, is_open: bool) -> str:
    """A student's name as a screen may show it: in presentation mode only the open student is named."""
    return name if is_open or not presenting else initials(name)


def cohort_shown(table: pd.DataFrame, *, presenting: bool = False, open_student: str | None = None,
                 notes: bool = True) -> pd.DataFrame:
    """The cohort as the page shows it: the band is in the outlook words, so its bounds and the id are hidden;
    while presenting, every student but the open one appears by initials, and notes only when asked for."""
    shown = table.drop(columns=HIDDEN_COLUMNS)
    if not notes and "notes" in shown:
        shown = shown.drop(columns=["notes"])
    if presenting and "student" in shown:
        shown = shown.assign(student=[screen_name(s, presenting=True, is_open=s == open_student)
                                      for s in shown["student"]])
    return shown


def cohort_csv(table: pd.DataFrame, model_version: str) -> bytes:
    """The cohort download, every column, the NRMP citation (the outlooks rest on NRMP's tables) and the model
    version, so a saved file says what scored it."""
    return to_csv_bytes(table.assign(nrmp_source=NRMP_CITATION, model_version=model_version))
