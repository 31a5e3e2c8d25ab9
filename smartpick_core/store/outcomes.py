"""Outcomes: what happened to a student's applications in a season, stored per advisor like students.

    set_consent(store, owner, student_id, True, by=account)      # outcomes are stored only with it
    save_season(store, owner, student_id, SeasonOutcome(...), applications, by=account)  -> version id
    seasons(store, owner) / season_outcome(store, owner, id) / season_history(store, owner, student_id, season)
    delete_season(store, owner, student_id, season)               # every version, really deleted
    set_retention(store, owner, keep_seasons, by=account); retention_due(...) / apply_retention(...)
    outcome_frames(store, owner) -> (applications, seasons)      # the back-test's two DataFrames

Why versions: an advisor corrects a season (an invitation remembered late); the correction adds a new version and
stamps the earlier one superseded, so the history says who changed what and when, and nothing is lost silently.
Why owner on every row: an id from another advisor answers NotFound exactly like one that does not exist.
Consent is per student: without it nothing is saved, and withdrawing it deletes the stored outcomes only when the
caller says so (delete_outcomes=True), never behind the advisor's back. Deleting a student deletes their outcomes
(ON DELETE CASCADE).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import sqlalchemy as sa

from . import models as m
from .database import write_connection
from .records import MAX_PROFILE_JSON_CHARS, NotFound
from .store import Store, database_errors, int_id
from .store import now as utc_now
from ..facts.outcomes import (
    APPLICATION_COLUMNS, SEASON_COLUMNS, OutcomeDiff,
    empty_applications, empty_seasons,
)
from ..facts.outcome_values import (  # noqa: F401 - re-exported: the store's API takes and checks these
    MAX_SEASON, MIN_SEASON, OutcomeValueError, SeasonOutcome, check_application, check_season,
)
from ..facts.outcome_values import check_outcome as check_outcome_values
from ..facts.records import MAX_NAME_CHARS
from ..facts.rules import check_text

MAX_KEEP_SEASONS = 50


@dataclass(frozen=True)
class SeasonRecord:
    """One stored version of a student's season; applications are plain dicts in the schema's column names."""

    id: int
    owner: str
    student_id: int
    student_name: str
    outcome: SeasonOutcome
    applications: tuple[dict[str, Any], ...]
    recorded_by: str
    recorded_at: _dt.datetime
    superseded_at: _dt.datetime | None = None
    superseded_by: str | None = None

    @property
    def season(self) -> int:
        return self.outcome.season

    @property
    def current(self) -> bool:
        return self.superseded_at is None


# --- checking values (facts.outcome_values), plus the store's own size limit -------------------------------------
def check_outcome(outcome: SeasonOutcome) -> SeasonOutcome:
    """The season's values checked (facts.outcome_values) and its profile within the stored size."""
    checked = check_outcome_values(outcome)
    if len(json.dumps(dict(checked.profile), default=str)) > MAX_PROFILE_JSON_CHARS:
        raise OutcomeValueError("profile", f"the profile is larger than {MAX_PROFILE_JSON_CHARS} characters")
    return checked


# --- consent and retention -------------------------------------------------------------------------------------------
def _own_student(conn: sa.Connection, owner: str, student_id: object) -> tuple[int, str]:
    sid = int_id(student_id)
    row = conn.execute(sa.select(m.students.c.name).where(m.students.c.id == sid, m.students.c.owner == owner)).first()
    if row is None:
        raise NotFound(f"no student {student_id}")
    return sid, row.name


@database_errors
def consent(store: Store, owner: str, student_id: int) -> bool:
    """Whether the student agreed that their outcomes are stored (NotFound for another advisor's student)."""
    with store.engine.connect() as conn:
        sid, _ = _own_student(conn, owner, student_id)
        given = conn.execute(sa.select(m.outcome_consents.c.consent)
                             .where(m.outcome_consents.c.student_id == sid)).scalar()
    return bool(given)


@database_errors
def set_consent(store: Store, owner: str, student_id: int, given: bool, *, by: str,
                delete_outcomes: bool = False) -> int:
    """Record the student's consent. Withdrawing it while outcomes are stored is refused unless delete_outcomes:
    then they are deleted in the same transaction. Returns how many season versions were deleted."""
    by = check_text("by", by, limit=MAX_NAME_CHARS, words="who recorded the consent")
    with write_connection(store.engine) as conn, conn.begin():
        sid, name = _own_student(conn, owner, student_id)
        stored = conn.execute(sa.select(sa.func.count()).select_from(m.outcome_seasons)
                              .where(m.outcome_seasons.c.student_id == sid)).scalar_one()
        deleted = 0
        if not given and stored:
            if not delete_outcomes:
                raise OutcomeValueError("consent", f"{name} has {stored} stored season version(s); withdrawing consent "
                                              "deletes them - confirm the deletion to withdraw it")
            deleted = _delete_seasons(conn, m.outcome_seasons.c.student_id == sid)
        values = dict(consent=int(bool(given)), recorded_by=by, recorded_at=utc_now())
        if conn.execute(sa.select(m.outcome_consents.c.id).where(m.outcome_consents.c.student_id == sid)).first():
            conn.execute(m.outcome_consents.update().where(m.outcome_consents.c.student_id == sid).values(**values))
        else:
            conn.execute(m.outcome_consents.insert().values(student_id=sid, owner=owner, **values))
    return deleted


@database_errors
def consents(store: Store, owner: str) -> dict[int, bool]:
    """Student id -> consent, for every student of this owner that has a consent record."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(m.outcome_consents.c.student_id, m.outcome_consents.c.consent)
                            .where(m.outcome_consents.c.owner == owner))
        return {int(r.student_id): bool(r.consent) for r in rows}


def check_keep_seasons(value: object) -> int | None:
    """None keeps every season; otherwise 1 to MAX_KEEP_SEASONS seasons (the newest)."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "all")):
        return None
    try:
        if isinstance(value, bool):
            raise TypeError(value)
        keep = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise OutcomeValueError("keep_seasons", f"{str(value)[:20]!r} is not a whole number; give 1 to "
                                           f"{MAX_KEEP_SEASONS}, or 'all'") from None
    if not 1 <= keep <= MAX_KEEP_SEASONS:
        raise OutcomeValueError("keep_seasons", f"{keep} is out of range; give 1 to {MAX_KEEP_SEASONS}, or 'all'")
    return keep


@database_errors
def retention(store: Store, owner: str) -> int | None:
    """How many seasons of outcomes this advisor keeps (None: all)."""
    with store.engine.connect() as conn:
        keep = conn.execute(sa.select(m.outcome_settings.c.keep_seasons)
                            .where(m.outcome_settings.c.owner == owner)).scalar()
    return None if keep is None or keep <= 0 else int(keep)


@database_errors
def set_retention(store: Store, owner: str, keep_seasons: int | str | None, *, by: str) -> int | None:
    """Save the setting only: nothing is deleted until apply_retention (the advisor sees what goes first)."""
    keep = check_keep_seasons(keep_seasons)
    by = check_text("by", by, limit=MAX_NAME_CHARS, words="who changed the setting")
    values = dict(keep_seasons=0 if keep is None else keep, updated_by=by, updated_at=utc_now())
    with write_connection(store.engine) as conn, conn.begin():
        if conn.execute(sa.select(m.outcome_settings.c.id).where(m.outcome_settings.c.owner == owner)).first():
            conn.execute(m.outcome_settings.update().where(m.outcome_settings.c.owner == owner).values(**values))
        else:
            conn.execute(m.outcome_settings.insert().values(owner=owner, **values))
    return keep


def oldest_kept(current_season: int, keep: int) -> int:
    """With `keep` seasons kept and `current_season` the newest, the oldest season that stays."""
    return current_season - keep + 1


def _expired(owner: str, keep: int, current_season: int) -> Any:
    return (m.outcome_seasons.c.owner == owner) & (m.outcome_seasons.c.season < oldest_kept(current_season, keep))


@database_errors
def retention_due(store: Store, owner: str, current_season: int) -> list[tuple[str, int]]:
    """(student name, season) pairs that apply_retention would delete now, oldest first; [] when all are kept."""
    keep = retention(store, owner)
    if keep is None:
        return []
    query = (sa.select(m.students.c.name, m.outcome_seasons.c.season).distinct()
             .join(m.students, m.students.c.id == m.outcome_seasons.c.student_id)
             .where(_expired(owner, keep, check_season(current_season)))
             .order_by(m.outcome_seasons.c.season, m.students.c.name))
    with store.engine.connect() as conn:
        return [(r.name, int(r.season)) for r in conn.execute(query)]


@database_errors
def apply_retention(store: Store, owner: str, current_season: int) -> int:
    """Delete this advisor's seasons older than the retention setting keeps; returns how many versions went."""
    keep = retention(store, owner)
    if keep is None:
        return 0
    with write_connection(store.engine) as conn, conn.begin():
        return _delete_seasons(conn, _expired(owner, keep, check_season(current_season)))


def _delete_seasons(conn: sa.Connection, where: Any) -> int:
    ids = [r.id for r in conn.execute(sa.select(m.outcome_seasons.c.id).where(where))]
    if ids:
        conn.execute(m.outcome_applications.delete().where(m.outcome_applications.c.outcome_season_id.in_(ids)))
        conn.execute(m.outcome_seasons.delete().where(m.outcome_seasons.c.id.in_(ids)))
    return len(ids)


# --- seasons ---------------------------------------------------------------------------------------------------------
def _same(a: SeasonRecord, outcome: SeasonOutcome, applications: Sequence[Mapping[str, Any]]) -> bool:
    return a.outcome == outcome and [dict(x) for x in a.applications] == [dict(x) for x in applications]


@database_errors
def save_season(store: Store, owner: str, student_id: int, outcome: SeasonOutcome,
                applications: Iterable[Mapping[str, Any]], *, by: str) -> int:
    """Save a student's season (its applications and result) as a new version; the earlier version, if any, is
    stamped superseded (a correction adds a record). Refused without the student's consent. Saving exactly what
    is stored changes nothing and returns the stored version's id."""
    outcome = check_outcome(outcome)
    rows = [check_application(row, outcome.season, i) for i, row in enumerate(applications, start=1)]
    by = check_text("by", by, limit=MAX_NAME_CHARS, words="who recorded it")
    with write_connection(store.engine) as conn, conn.begin():
        sid, name = _own_student(conn, owner, student_id)
        return _save(conn, owner, sid, name, outcome, rows, by)


def _save(conn: sa.Connection, owner: str, sid: int, name: str, outcome: SeasonOutcome,
          rows: list[dict[str, Any]], by: str) -> int:
    """Inside the caller's transaction: checked values of one of the owner's students."""
    seasons_t, apps_t = m.outcome_seasons, m.outcome_applications
    if not conn.execute(sa.select(m.outcome_consents.c.consent).where(m.outcome_consents.c.student_id == sid)).scalar():
        raise OutcomeValueError("consent", f"{name} has not consented: outcomes are stored only with the student's "
                                           "consent - record it first")
    current = conn.execute(sa.select(seasons_t).where(seasons_t.c.student_id == sid,
                                                      seasons_t.c.season == outcome.season,
                                                      seasons_t.c.superseded_at.is_(None))).first()
    now = utc_now()
    if current is not None:
        stored = _record(current, name, _applications(conn, [current.id]).get(current.id, []))
        if _same(stored, outcome, rows):
            return stored.id
        conn.execute(seasons_t.update().where(seasons_t.c.id == current.id).values(superseded_at=now, superseded_by=by))
    new_id = int(conn.execute(seasons_t.insert().values(
        student_id=sid, owner=owner, season=outcome.season, result=outcome.result,
        matched_program=outcome.matched_program,
        profile_json=json.dumps(outcome.profile, ensure_ascii=False, sort_keys=True, default=str),
        model_version=outcome.model_version, predicted_match=outcome.predicted_match,
        predicted_interviews=outcome.predicted_interviews, scenario_name=outcome.scenario_name,
        recorded_by=by, recorded_at=now).returning(seasons_t.c.id)).scalar_one())
    if rows:
        conn.execute(apps_t.insert(), [dict(row, outcome_season_id=new_id, owner=owner) for row in rows])
    return new_id


_APP_FIELDS = ("specialty", "program_id", "program_name", "city", "state", "kind", "sub_region", "invited",
               "invited_on", "interviewed", "ranked", "predicted_chance", "model_version")


def _applications(conn: sa.Connection, season_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    if not season_ids:
        return out
    table = m.outcome_applications
    query = sa.select(table).where(table.c.outcome_season_id.in_(list(season_ids))).order_by(table.c.id)
    for row in conn.execute(query).mappings():
        out.setdefault(int(row["outcome_season_id"]), []).append({k: row[k] for k in _APP_FIELDS})
    return out


def _record(row: Any, student_name: str, applications: list[dict[str, Any]]) -> SeasonRecord:
    outcome = SeasonOutcome(season=int(row.season), result=row.result, matched_program=row.matched_program or "",
                            profile=json.loads(row.profile_json), model_version=row.model_version or "",
                            predicted_match=row.predicted_match, predicted_interviews=row.predicted_interviews,
                            scenario_name=row.scenario_name or "")
    return SeasonRecord(id=int(row.id), owner=row.owner, student_id=int(row.student_id), student_name=student_name,
                        outcome=outcome, applications=tuple(applications), recorded_by=row.recorded_by,
                        recorded_at=row.recorded_at, superseded_at=row.superseded_at, superseded_by=row.superseded_by)


def _season_query(owner: str) -> sa.Select:
    return (sa.select(m.outcome_seasons, m.students.c.name.label("student_name"))
            .join(m.students, m.students.c.id == m.outcome_seasons.c.student_id)
            .where(m.outcome_seasons.c.owner == owner, m.students.c.owner == owner))


def _read(store: Store, query: sa.Select) -> list[SeasonRecord]:
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        apps = _applications(conn, [int(r.id) for r in rows])
    return [_record(r, r.student_name, apps.get(int(r.id), [])) for r in rows]


@database_errors
def seasons(store: Store, owner: str, student_id: int | None = None) -> list[SeasonRecord]:
    """The current version of every stored season of this owner (or of one student), by student then season."""
    query = (_season_query(owner).where(m.outcome_seasons.c.superseded_at.is_(None))
             .order_by(m.students.c.name, m.outcome_seasons.c.season, m.outcome_seasons.c.id))
    if student_id is not None:
        query = query.where(m.outcome_seasons.c.student_id == int_id(student_id))
    return _read(store, query)


@database_errors
def season_outcome(store: Store, owner: str, season_id: int) -> SeasonRecord:
    """One stored version by id; another advisor's id raises NotFound like a missing one."""
    found = _read(store, _season_query(owner).where(m.outcome_seasons.c.id == int_id(season_id)))
    if not found:
        raise NotFound(f"no stored outcome {season_id}")
    return found[0]


@database_errors
def season_history(store: Store, owner: str, student_id: int, season: int) -> list[SeasonRecord]:
    """Every version of one student's season, newest first (the current one first, then what it corrected)."""
    query = (_season_query(owner).where(m.outcome_seasons.c.student_id == int_id(student_id),
                                        m.outcome_seasons.c.season == check_season(season))
             .order_by(m.outcome_seasons.c.recorded_at.desc(), m.outcome_seasons.c.id.desc()))
    return _read(store, query)


@database_errors
def delete_season(store: Store, owner: str, student_id: int, season: int) -> int:
    """Really delete one student's season, every version of it; returns how many versions went."""
    with write_connection(store.engine) as conn, conn.begin():
        sid, _ = _own_student(conn, owner, student_id)
        gone = _delete_seasons(conn, (m.outcome_seasons.c.student_id == sid)
                               & (m.outcome_seasons.c.season == check_season(season))
                               & (m.outcome_seasons.c.owner == owner))
    if not gone:
        raise NotFound(f"no stored outcomes for season {season}")
    return gone


# --- the back-test's frames ------------------------------------------------------------------------------------------
def _yes_no(value: int | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _cell(column: str, value: Any) -> Any:
    """A stored application value as the CSV writes it: yes/no/empty flags, ISO dates, "" for no date, NaN for
    no snapshot."""
    if column in ("invited", "interviewed", "ranked"):
        return _yes_no(value)
    if column == "invited_on":
        return value.isoformat() if isinstance(value, _dt.date) else ""
    if column == "predicted_chance":
        return math.nan if value is None else float(value)
    return value


def frames_from_records(records: Sequence[SeasonRecord]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(applications, seasons) DataFrames in the shared schema's columns and types (facts.outcomes), one row per
    application and one per student and season; flags as yes/no text like the CSV, dates as ISO text."""
    apps = [{"student": r.student_name, "season": r.season, **{k: _cell(k, v) for k, v in a.items()}}
            for r in records for a in r.applications]
    applications = (pd.DataFrame(apps, columns=list(APPLICATION_COLUMNS)).astype(empty_applications().dtypes.to_dict())
                    if apps else empty_applications())
    rows = [{"student": r.student_name, "season": r.season, "result": r.outcome.result,
             "matched_program": r.outcome.matched_program,
             "profile_json": json.dumps(r.outcome.profile, ensure_ascii=False, sort_keys=True) if r.outcome.profile
             else "", "model_version": r.outcome.model_version,
             "predicted_match": math.nan if r.outcome.predicted_match is None else r.outcome.predicted_match,
             "predicted_interviews": (math.nan if r.outcome.predicted_interviews is None
                                      else r.outcome.predicted_interviews), "consent": "yes"} for r in records]
    season_frame = (pd.DataFrame(rows, columns=list(SEASON_COLUMNS)).astype(empty_seasons().dtypes.to_dict())
                    if rows else empty_seasons())
    return applications, season_frame


def outcome_frames(store: Store, owner: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """This advisor's current outcomes as the back-test's (applications, seasons) DataFrames."""
    return frames_from_records(seasons(store, owner))


# --- applying a reviewed CSV import ----------------------------------------------------------------------------------
def _program_key(row: Mapping[str, Any]) -> str:
    """An application's program within a student-season: its SoCal id, else name + city + state (any case)."""
    return str(row.get("program_id") or "") or "|".join(str(row.get(c) or "").strip().lower()
                                                         for c in ("program_name", "city", "state"))


def _plain_application(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()
            if k in _APP_FIELDS}


def _outcome_of(row: Mapping[str, Any]) -> SeasonOutcome:
    """A seasons-file row (facts.outcomes types) as a SeasonOutcome."""
    def number(value: Any) -> float | None:
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
    text = row.get("profile_json") or ""
    return SeasonOutcome(season=int(row["season"]), result=str(row.get("result") or ""),
                         matched_program=str(row.get("matched_program") or ""),
                         profile=json.loads(text) if text else {}, model_version=str(row.get("model_version") or ""),
                         predicted_match=number(row.get("predicted_match")),
                         predicted_interviews=number(row.get("predicted_interviews")))


def consented_pairs(store: Store, owner: str) -> list[tuple[str, int]]:
    """(student name, season) of the stored seasons of students with consent: an applications file for these
    may come without a seasons file."""
    given = consents(store, owner)
    return [(r.student_name, r.season) for r in seasons(store, owner) if given.get(r.student_id)]


@database_errors
def apply_outcome_import(store: Store, owner: str, diff: OutcomeDiff, *, by: str) -> dict[str, int]:
    """Save the new and changed rows of a reviewed import in one transaction (a failure saves nothing).

    Each student-season touched becomes a new version: the stored applications with the file's rows put over
    them (a program the file does not mention stays), and the file's season row, else the stored one. A student
    named in the file who is not saved yet is added; consent = yes in the file records the student's consent.
    Returns counts: students added, seasons saved, applications written."""
    by = check_text("by", by, limit=MAX_NAME_CHARS, words="who imported it")
    new_apps, new_seasons = diff.applications_to_apply, diff.seasons_to_apply
    season_rows = {(str(r["student"]).strip().lower(), int(r["season"])): r
                   for r in diff.seasons.to_dict("records")}
    app_rows: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in new_apps.to_dict("records"):
        app_rows.setdefault((str(row["student"]).strip().lower(), int(row["season"])), []).append(row)
    touched = sorted({*app_rows, *((str(r["student"]).strip().lower(), int(r["season"]))
                                   for r in new_seasons.to_dict("records"))})
    stored = {(r.student_name.strip().lower(), r.season): r for r in seasons(store, owner)}
    counts = {"students added": 0, "seasons saved": 0, "applications written": 0}
    with write_connection(store.engine) as conn, conn.begin():
        ids = {r.name.strip().lower(): (int(r.id), r.name) for r in conn.execute(
            sa.select(m.students.c.id, m.students.c.name).where(m.students.c.owner == owner))}
        for key in touched:
            season_row, before = season_rows.get(key), stored.get(key)
            if season_row is not None:
                outcome = check_outcome(_outcome_of(season_row))
            elif before is not None:
                outcome = before.outcome
            else:
                raise OutcomeValueError("seasons", f"no season row for {key[0]} in {key[1]}")
            merged = {_program_key(a): dict(a) for a in (before.applications if before is not None else ())}
            for row in app_rows.get(key, []):
                merged[_program_key(row)] = _plain_application(row)
            rows = [check_application(a, outcome.season, i) for i, a in enumerate(merged.values(), start=1)]
            if key[0] not in ids:
                name = str((season_row or app_rows[key][0])["student"]).strip()
                now = utc_now()
                sid = int(conn.execute(m.students.insert().values(owner=owner, name=name, created_at=now,
                                                                  updated_at=now).returning(m.students.c.id))
                          .scalar_one())
                ids[key[0]] = (sid, name)
                counts["students added"] += 1
            sid, name = ids[key[0]]
            if season_row is not None and season_row.get("consent") == "yes":
                _record_consent(conn, owner, sid, by)
            _save(conn, owner, sid, name, outcome, rows, by)
            counts["seasons saved"] += 1
            counts["applications written"] += len(app_rows.get(key, []))
    return counts


def _record_consent(conn: sa.Connection, owner: str, sid: int, by: str) -> None:
    table = m.outcome_consents
    found = conn.execute(sa.select(table.c.consent).where(table.c.student_id == sid)).first()
    if found is None:
        conn.execute(table.insert().values(student_id=sid, owner=owner, consent=1, recorded_by=by, recorded_at=utc_now()))
    elif not found.consent:
        conn.execute(table.update().where(table.c.student_id == sid).values(consent=1, recorded_by=by,
                                                                           recorded_at=utc_now()))


# --- the back-test's inputs ------------------------------------------------------------------------------------------
def current_season(today: _dt.date | None = None) -> int:
    """The Match year whose applications are open or just decided: from September, next year's Match."""
    today = today or _dt.date.today()
    return today.year + 1 if today.month >= 9 else today.year


def check_profile(value: Mapping[str, Any]) -> object:
    """A recorded profile as the model reads it; ValueError in words (the import names the cell)."""
    from ..model.profile import Profile, ProfileError
    try:
        return Profile.from_dict(dict(value))
    except ProfileError as exc:
        raise ValueError(exc.in_words()) from None


def plan_import(store: Store, owner: str, application_rows: list[dict], season_rows: list[dict],
                programs: pd.DataFrame) -> OutcomeDiff:
    """The diff of an import (rows from facts.outcomes.read_outcome_csv) against this owner's stored outcomes;
    nothing is written until apply_outcome_import. A seasons row may name a saved scenario (`scenario`): its
    profile and stored snapshot fill the cells the file left empty (fill_from_scenarios)."""
    from ..facts.outcomes import diff_outcomes, parse_outcomes
    from ..programs.table import specialties_in
    application_rows, season_rows, refused, notes = fill_from_scenarios(
        store.all_scenarios(owner), application_rows, season_rows, specialties_in(programs))
    parsed = parse_outcomes(application_rows, season_rows, programs=programs, specialties=specialties_in(programs),
                            consented=consented_pairs(store, owner), check_profile=check_profile)
    diff = diff_outcomes(parsed, *outcome_frames(store, owner))
    return replace(diff, errors=(*refused, *diff.errors), notes=(*diff.notes, *notes))


SCENARIO_COLUMN = "scenario"       # optional seasons-file column: the saved scenario the list was built from


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def fill_from_scenarios(scenarios: Sequence[Any], application_rows: list[dict], season_rows: list[dict],
                        specialties: set[str] | None = None) -> tuple[list[dict], list[dict], list[Any], list[str]]:
    """Rows with the named saved scenarios' numbers filled in where the file left a cell empty: the profile, and
    from the snapshot saved with the scenario the model version, chance to match, expected interviews and each
    SoCal application's chance. A scenario saved before snapshots fills the profile only and says so (a chance
    recomputed today is never stored as the one shown). An unknown scenario refuses its row, naming the cell.
    Returns (applications, seasons without the scenario column, refused cells, notes)."""
    from ..facts.outcomes import SEASONS_FILE, OutcomeError
    from ..model.profile import ProfileError
    from ..strategy.cohort import split_saved
    from ..strategy.outcome_snapshot import stored_snapshot
    saved = {(str(s.student_name).strip().lower(), s.name): s for s in scenarios}
    apps = [dict(r) for r in application_rows]
    out, refused, notes = [], [], []
    for raw in season_rows:
        row = dict(raw)
        name = str(row.pop(SCENARIO_COLUMN, "") or "").strip()
        if not name:
            out.append(row)
            continue
        student = str(row.get("student") or "").strip()
        record = saved.get((student.lower(), name))
        if record is None:
            refused.append(OutcomeError(SEASONS_FILE, int(row.get("_row") or 0), SCENARIO_COLUMN,
                                        f"{student} has no saved scenario named {name!r}"))
            continue
        try:
            profile = split_saved(record.profile, specialties)[0].to_dict()
        except ProfileError as exc:
            refused.append(OutcomeError(SEASONS_FILE, int(row.get("_row") or 0), SCENARIO_COLUMN,
                                        f"the saved scenario {name!r} cannot be read: {exc.in_words()}"))
            continue
        if _blank(row.get("profile_json")):
            row["profile_json"] = json.dumps(profile, ensure_ascii=False, sort_keys=True)
        snapshot = stored_snapshot(profile, record.snapshot)
        if snapshot is None:
            notes.append(f"No snapshot was saved with the scenario {name} of {student}; only today's model can be "
                         "compared (no chance is filled in)")
            out.append(row)
            continue
        for column, value in (("model_version", snapshot.model_version), ("predicted_match", snapshot.predicted_match),
                              ("predicted_interviews", snapshot.predicted_interviews)):
            if _blank(row.get(column)):
                row[column] = str(value)
        season = str(row.get("season") or "").strip()
        for app in apps:
            if str(app.get("student") or "").strip().lower() != student.lower() or \
                    str(app.get("season") or "").strip() != season:
                continue
            chance = snapshot.chances.get(str(app.get("program_id") or "").strip())
            if chance is not None and _blank(app.get("predicted_chance")):
                app["predicted_chance"] = str(chance)
                if _blank(app.get("model_version")):
                    app["model_version"] = snapshot.model_version
        out.append(row)
    return apps, out, refused, notes
