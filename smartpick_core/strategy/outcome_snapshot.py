"""The prediction snapshot an outcome is recorded with, taken from a saved scenario, and the editor's rows.

When an advisor records a season's outcomes they pick the saved scenario the list was built from. Its profile is
what the student applied with; the snapshot is what SmartPick said for that profile: the interview chance per
SoCal application, and the overall outlook (chance to match, expected interviews), stamped with MODEL_VERSION.
The back-test then compares these stored numbers with what happened, instead of re-running old model versions.

    snapshot = scenario_snapshot(record.profile, programs)        # ProfileError if the saved profile is unreadable
    starting_rows(snapshot, programs)                             # the scenario's SoCal list, to tick invitations on
    with_snapshot(rows, snapshot)                                 # chances filled where the advisor left them empty
    editor_frame(applications) / editor_rows(frame)               # the Students page's table and back

Honest limit: a scenario stores a profile, not the numbers shown the day it was saved, so the snapshot is this
model's (MODEL_VERSION) numbers for that profile, taken when the outcome is recorded; a chance typed into the
table or imported from a CSV is kept as given.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from ..model.scoring import score
from ..programs.kinds import selectivity_class
from ..programs.table import specialties_in
from .cohort import split_saved

EDITOR_COLUMNS: tuple[str, ...] = ("program_id", "program_name", "city", "state", "kind", "sub_region", "invited",
                                   "invited_on", "interviewed", "ranked", "predicted_chance")
_FLAGS = ("invited", "interviewed", "ranked")


@dataclass(frozen=True)
class Snapshot:
    """What SmartPick said for a saved profile: per SoCal program its interview chance, and the outlook."""

    profile: dict[str, Any]
    specialty: str
    model_version: str
    predicted_match: float
    predicted_interviews: float
    chances: Mapping[str, float]             # program_id -> interview chance
    listed: tuple[str, ...]                  # the SoCal programs on the scenario's default list, best first


def scenario_snapshot(saved: Mapping[str, Any], programs: pd.DataFrame) -> Snapshot:
    """Score a saved scenario's profile (as the cohort view does) and keep what the outcome needs."""
    profile, national = split_saved(saved, specialties_in(programs))
    result = score(profile, programs, n_national=national, explain=False)
    scored = result.programs
    chances = dict(zip(scored["program_id"].astype(str), scored["interview_probability"].astype(float)))
    listed = tuple(scored.loc[scored["in_application_list"].astype(bool), "program_id"].astype(str))
    return Snapshot(profile=profile.to_dict(), specialty=profile.specialty, model_version=result.model_version,
                    predicted_match=float(result.outlook.match_probability),
                    predicted_interviews=float(result.outlook.expected_interviews), chances=chances, listed=listed)


def _program_facts(programs: pd.DataFrame) -> dict[str, dict[str, str]]:
    kinds = selectivity_class(programs).to_numpy(dtype=object)
    ids = programs["program_id"].astype(str).to_numpy()
    names, cities, regions = (programs[c].fillna("").astype(str).to_numpy() for c in ("name", "city", "subregion"))
    return {ids[i]: {"program_name": names[i], "city": cities[i], "state": "CA", "kind": str(kinds[i]),
                     "sub_region": regions[i]} for i in range(len(ids))}


def starting_rows(snapshot: Snapshot, programs: pd.DataFrame) -> list[dict[str, Any]]:
    """The scenario's SoCal list as application rows (nobody invited yet), to tick what happened."""
    facts = _program_facts(programs)
    return [{"program_id": pid, **facts.get(pid, {}), "invited": False, "invited_on": None, "interviewed": None,
             "ranked": None, "predicted_chance": snapshot.chances.get(pid)} for pid in snapshot.listed]


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value == ""


def with_snapshot(rows: Sequence[Mapping[str, Any]], snapshot: Snapshot | None, programs: pd.DataFrame,
                  specialty: str = "") -> list[dict[str, Any]]:
    """Rows ready for the store: a SoCal id fills name, city, kind and sub-region from the table, and its chance from
    the snapshot where the advisor left it empty; every row gets the specialty and the snapshot's model version."""
    facts = _program_facts(programs)
    out = []
    for row in rows:
        item = dict(row)
        pid = str(item.get("program_id") or "").strip()
        item["program_id"] = pid
        for column, value in facts.get(pid, {}).items():
            if _empty(item.get(column)):
                item[column] = value
        if snapshot is not None and pid and _empty(item.get("predicted_chance")):
            item["predicted_chance"] = snapshot.chances.get(pid)
        item["specialty"] = item.get("specialty") or (snapshot.specialty if snapshot else specialty)
        item["model_version"] = item.get("model_version") or (snapshot.model_version if snapshot else "")
        out.append(item)
    return out


def editor_frame(applications: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Stored applications (0/1 flags, dates) as the editor's table: ticks, dates, a chance column."""
    rows = [{c: a.get(c) for c in EDITOR_COLUMNS} for a in applications]
    frame = pd.DataFrame(rows, columns=list(EDITOR_COLUMNS))
    for column in ("program_id", "program_name", "city", "state", "kind", "sub_region"):
        frame[column] = frame[column].fillna("").astype(object)
    frame["invited"] = frame["invited"].map(lambda v: bool(v) if not _empty(v) else False).astype(bool)
    for column in ("interviewed", "ranked"):
        frame[column] = frame[column].map(lambda v: None if _empty(v) else bool(v)).astype("boolean")
    frame["invited_on"] = frame["invited_on"].map(_day).astype(object)
    frame["predicted_chance"] = pd.to_numeric(frame["predicted_chance"], errors="coerce").astype(float)
    return frame


def _day(value: object) -> _dt.date | None:
    if _empty(value):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def editor_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The edited table back as rows (blank rows dropped); flags as yes/no/'' so the store's checks read them."""
    out = []
    for row in frame.to_dict("records"):
        if all(_empty(row.get(c)) for c in ("program_id", "program_name")):
            continue
        item = {c: row.get(c) for c in EDITOR_COLUMNS}
        for column in _FLAGS:
            value = item[column]
            item[column] = "" if _empty(value) else ("yes" if bool(value) else "no")
        item["invited_on"] = _day(item["invited_on"])
        chance = item["predicted_chance"]
        item["predicted_chance"] = None if _empty(chance) else float(chance)
        out.append(item)
    return out
