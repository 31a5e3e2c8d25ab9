"""The prediction snapshot an outcome is recorded with, taken when a scenario is saved, and the editor's rows.

When a scenario is saved, SmartPick keeps what it showed for that profile at that moment: the interview chance per
SoCal program, the list, and the outlook (chance to match, p(no interview), expected interviews), stamped with
MODEL_VERSION. When an advisor records a season's outcomes they pick the saved scenario the list was built from;
its stored snapshot becomes the outcome's prediction, so the back-test compares what was really shown with what
happened, beside today's model, instead of re-running old model versions.

    result_snapshot(result)                                       # at save time: the JSON the scenario stores
    stored_snapshot(profile, record.snapshot)                     # that JSON back (None: saved before snapshots)
    scenario_snapshot(record.profile, programs)                   # today's model for the saved profile (its list)
    starting_rows(snapshot, programs)                             # the scenario's SoCal list, to tick invitations on
    with_snapshot(rows, snapshot, programs)                       # chances filled where the advisor left them empty
    editor_frame(applications) / editor_rows(frame)               # the Students page's table and back

A scenario saved before snapshots were kept has none. Then nothing is labelled a snapshot: the outcome is stored
without predicted chances (NO_SNAPSHOT_WORDS), and only today's model can be compared. A chance typed into the
table or imported from a CSV is kept as given.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from ..model.scoring import ScoreResult, score
from ..programs.kinds import selectivity_class
from ..programs.table import specialties_in
from .cohort import split_saved

EDITOR_COLUMNS: tuple[str, ...] = ("program_id", "program_name", "city", "state", "kind", "sub_region", "invited",
                                   "invited_on", "interviewed", "ranked", "predicted_chance")
_FLAGS = ("invited", "interviewed", "ranked")
SNAPSHOT_FORMAT = 1            # the stored snapshot's layout; a reader refuses (reads as none) any other
CHANCE_DIGITS = 4              # stored chances are rounded: 0.01 percentage points is below anything shown
NO_SNAPSHOT_WORDS = ("No snapshot was saved with this scenario; only today's model can be compared. The outcome is "
                     "stored without predicted chances unless you type them.")


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
    p_no_interview: float | None = None
    saved_at: str = ""                       # UTC time the scenario was saved with it; "" for today's model
    stored: bool = False                     # True: shown when the scenario was saved; False: today's model, now


def scenario_snapshot(saved: Mapping[str, Any], programs: pd.DataFrame) -> Snapshot:
    """Score a saved scenario's profile (as the cohort view does) and keep what the outcome needs."""
    profile, national = split_saved(saved, specialties_in(programs))
    result = score(profile, programs, n_national=national, explain=False)
    scored = result.programs
    chances = dict(zip(scored["program_id"].astype(str), scored["interview_probability"].astype(float)))
    listed = tuple(scored.loc[scored["in_application_list"].astype(bool), "program_id"].astype(str))
    return Snapshot(profile=profile.to_dict(), specialty=profile.specialty, model_version=result.model_version,
                    predicted_match=float(result.outlook.match_probability),
                    predicted_interviews=float(result.outlook.expected_interviews), chances=chances, listed=listed,
                    p_no_interview=float(result.outlook.p_no_interview))


def result_snapshot(result: ScoreResult, saved_at: _dt.datetime | None = None) -> dict[str, Any]:
    """What the app shows for a profile right now, as the JSON a saved scenario keeps: every SoCal program's
    interview chance, the list, and the outlook, stamped with the model version (and any local correction)."""
    scored = result.programs
    ids = scored["program_id"].astype(str).to_numpy()
    chances = scored["interview_probability"].to_numpy(dtype=float).round(CHANCE_DIGITS)
    listed = scored.loc[scored["in_application_list"].astype(bool), "program_id"].astype(str)
    moment = saved_at or _dt.datetime.now(_dt.timezone.utc)
    outlook = result.outlook
    out: dict[str, Any] = {
        "format": SNAPSHOT_FORMAT, "model_version": result.model_version, "specialty": result.profile.specialty,
        "saved_at": moment.replace(microsecond=0).isoformat(),
        "match_probability": round(float(outlook.match_probability), CHANCE_DIGITS),
        "p_no_interview": round(float(outlook.p_no_interview), CHANCE_DIGITS),
        "expected_interviews": round(float(outlook.expected_interviews), 2),
        "listed": list(listed), "chances": {i: float(c) for i, c in zip(ids, chances) if math.isfinite(c)}}
    if result.local_correction:
        out["local_correction"] = dict(result.local_correction)
    return out


def _chance(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return None
    return float(value)


def stored_snapshot(profile: Mapping[str, Any], data: Mapping[str, Any] | None) -> Snapshot | None:
    """A scenario's stored snapshot as a Snapshot (profile: the scenario's, as the model reads it). None when it has
    none, or when it is not one this version wrote: a doubtful snapshot is reported missing, never guessed."""
    if not isinstance(data, Mapping) or data.get("format") != SNAPSHOT_FORMAT:
        return None
    raw = data.get("chances")
    listed = data.get("listed")
    match, interviews = _chance(data.get("match_probability")), data.get("expected_interviews")
    if not isinstance(raw, Mapping) or not isinstance(listed, list) or match is None \
            or isinstance(interviews, bool) or not isinstance(interviews, (int, float)) or not interviews >= 0:
        return None
    chances = {str(k): c for k, c in ((k, _chance(v)) for k, v in raw.items()) if c is not None}
    return Snapshot(profile=dict(profile), specialty=str(data.get("specialty") or profile.get("specialty") or ""),
                    model_version=str(data.get("model_version") or ""), predicted_match=match,
                    predicted_interviews=float(interviews), chances=chances,
                    listed=tuple(str(i) for i in listed), p_no_interview=_chance(data.get("p_no_interview")),
                    saved_at=str(data.get("saved_at") or ""), stored=True)


def _program_facts(programs: pd.DataFrame) -> dict[str, dict[str, str]]:
    kinds = selectivity_class(programs).to_numpy(dtype=object)
    ids = programs["program_id"].astype(str).to_numpy()
    names, cities, regions = (programs[c].fillna("").astype(str).to_numpy() for c in ("name", "city", "subregion"))
    return {ids[i]: {"program_name": names[i], "city": cities[i], "state": "CA", "kind": str(kinds[i]),
                     "sub_region": regions[i]} for i in range(len(ids))}


def starting_rows(snapshot: Snapshot, programs: pd.DataFrame, *, chances: bool = True) -> list[dict[str, Any]]:
    """The scenario's SoCal list as application rows (nobody invited yet), to tick what happened. chances=False:
    the list only (today's model's list for a scenario without a snapshot), no chance presented as shown then."""
    facts = _program_facts(programs)
    return [{"program_id": pid, **facts[pid], "invited": False, "invited_on": None, "interviewed": None,
             "ranked": None, "predicted_chance": snapshot.chances.get(pid) if chances else None}
            for pid in snapshot.listed if pid in facts]


def listed_gone(snapshot: Snapshot, programs: pd.DataFrame) -> tuple[str, ...]:
    """Programs on a stored list that today's program table no longer has: left out of the starting rows (a SoCal
    id must be in the table), and named so the advisor can add them as programs elsewhere."""
    known = set(programs["program_id"].astype(str))
    return tuple(pid for pid in snapshot.listed if pid not in known)


def listed_gone_words(snapshot: Snapshot, programs: pd.DataFrame) -> str:
    """listed_gone() in words for the editor; "" when every listed program is still in the table."""
    gone = listed_gone(snapshot, programs)
    if not gone:
        return ""
    return (f"{len(gone)} program{'' if len(gone) == 1 else 's'} on the saved list {'is' if len(gone) == 1 else 'are'} "
            f"no longer in the program table and left out ({', '.join(gone)}); add "
            f"{'it' if len(gone) == 1 else 'them'} as a program elsewhere if the student applied.")


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


def snapshot_words(snapshot: Snapshot) -> str:
    """The editor's line about the snapshot: when it was shown, by which model, and what it said."""
    when = f" on {snapshot.saved_at[:10]}" if snapshot.saved_at else ""
    no_interview = (f", {snapshot.p_no_interview:.0%} chance of no interview" if snapshot.p_no_interview is not None
                    else "")
    return (f"Snapshot saved with this scenario{when} (model {snapshot.model_version or 'unknown'}): chance to match "
            f"{snapshot.predicted_match:.0%}, {snapshot.predicted_interviews:.1f} interviews expected{no_interview}. "
            "Empty chances below are filled from it.")


def outcome_predictions(snapshot: Snapshot | None, profile: Mapping[str, Any] | None, before: Any = None, *,
                        typed: bool = False) -> dict[str, Any]:
    """The profile and predictions a season outcome is stored with. From a scenario: its stored snapshot, or (saved
    before snapshots) its profile with no predictions, so today's model is never stored as what was shown. Typed
    (no scenario): what was stored before (typed or imported) stays."""
    if snapshot is not None:
        return {"profile": dict(snapshot.profile), "model_version": snapshot.model_version,
                "predicted_match": snapshot.predicted_match, "predicted_interviews": snapshot.predicted_interviews}
    if not typed and profile is not None:
        return {"profile": dict(profile), "model_version": "", "predicted_match": None, "predicted_interviews": None}
    if before is not None:
        return {"profile": dict(before.profile), "model_version": before.model_version,
                "predicted_match": before.predicted_match, "predicted_interviews": before.predicted_interviews}
    return {"profile": {}, "model_version": "", "predicted_match": None, "predicted_interviews": None}
