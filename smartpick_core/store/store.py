"""The Store: students, scenarios, recorded program facts and advisor accounts, one transaction per save.

Every method takes and returns plain values (records.py). Students and scenarios belong to an
owner (the signed-in advisor, "local" in single-user mode) and every query filters by it, so an
id from another advisor answers NotFound exactly like an id that does not exist. Recorded facts
are shared by all advisors and append-only: a correction adds a row, a retraction stamps one.

Who wrote a fact: `by` is the acting account the caller vouches for (the signed-in advisor, or NO_SIGN_IN in
single-user mode). The row is marked verified only when `by` is an advisor account (not locked); NO_SIGN_IN,
any other text, the older `recorded_by=` keyword and rows from before revision 0003 are typed names, not
verified. `told_by` is separate free text: the person at the program who said it.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
from typing import Any, Callable, Collection, SupportsIndex, SupportsInt, TypedDict, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import models as m
from .records import (
    DISK_FULL_MESSAGE, LOCAL_OWNER, MAX_PROFILE_JSON_CHARS, NO_SIGN_IN, NewerSchemaError, NotFound, ScenarioRecord,
    SignInResult, StoreError, StudentRecord,
)
from .database import (
    check_integrity, check_revision, default_database_url, describe_url, forget_deleted, is_disk_full, make_engine,
    migrate, plain_reason, write_connection,
)
from ..facts.records import MAX_NAME_CHARS, MAX_NOTE_CHARS, NEW_PROGRAM_FIELD, FactError, FactRecord, ImportDiff
from ..facts.rules import (
    check_fact_value, check_program_id, check_program_row, check_source, check_text, program_row_json,
)

MIN_PASSWORD_CHARS = 8
T = TypeVar("T")


def _now() -> _dt.datetime:
    """UTC, stored without a zone (both backends compare naive timestamps the same way)."""
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)


def _database_errors(method: Callable[..., T]) -> Callable[..., T]:
    """A database failure (locked past the busy timeout, disk full, server gone) is one StoreError line."""
    @functools.wraps(method)
    def wrapper(self: "Store", *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sa.exc.IntegrityError as exc:
            raise StoreError(f"could not save: it conflicts with a record saved at the same time "
                             f"({type(exc.orig).__name__}); try again") from None
        except sa.exc.SQLAlchemyError as exc:
            if is_disk_full(exc):
                raise StoreError(DISK_FULL_MESSAGE) from None
            raise StoreError(f"{describe_url(self.url)} could not be used ({plain_reason(exc)})") from None
    return wrapper


class _FactValues(TypedDict):
    """The columns of a new facts row (FactRecord without the id and the retraction)."""

    program_id: str
    field: str
    value: str
    source_type: str
    source_note: str
    checked_on: _dt.date
    recorded_by: str
    recorded_at: _dt.datetime
    told_by: str


LOCKED_MESSAGE = "This account is locked: ask the administrator to unlock it (python -m smartpick_core users unlock)."
NO_MATCH_MESSAGE = "That name and password do not match an advisor account."


def _fact(row: Any) -> FactRecord:
    return FactRecord(id=row.id, program_id=row.program_id, field=row.field, value=row.value,
                      source_type=row.source_type, source_note=row.source_note, checked_on=row.checked_on,
                      recorded_by=row.recorded_by, recorded_at=row.recorded_at, retracted_at=row.retracted_at,
                      retracted_by=row.retracted_by, told_by=row.told_by or "", by_verified=bool(row.by_verified),
                      retracted_by_verified=bool(row.retracted_by_verified))


def _aware(moment: _dt.datetime) -> _dt.datetime:
    return moment.replace(tzinfo=_dt.timezone.utc)


class Store:
    """Open with open_store(url); see the package docstring for the whole API."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def _write(self):
        return write_connection(self.engine)

    # --- recorded program facts ------------------------------------------------------------------
    @_database_errors
    def record_fact(self, program_id: str, field: str, value: str, *, source_type: str, source_note: str,
                    checked_on: _dt.date | str, by: str | None = None, told_by: str = "",
                    recorded_by: str | None = None, known_ids: Collection[str] | None = None) -> FactRecord:
        """Validate and save one fact; the earlier value stays in the history. by: the acting account (or
        NO_SIGN_IN); recorded_by: the older keyword, a typed name. told_by: who at the program said it.
        known_ids: the program ids a fact may be recorded on (the loaded table); advisor-recorded programs are
        always allowed."""
        program_id = check_program_id(program_id)
        canonical = check_fact_value(field, value)
        who, verified = self._acting(by, recorded_by)
        source_type, note, checked, who = check_source(source_type, source_note, checked_on, who)
        told = _told_by(told_by)
        if known_ids is not None and program_id not in known_ids and program_id not in self._recorded_program_ids():
            raise FactError("program_id", f"{program_id} is not a program in the table; add it as a new program first")
        return self._insert_fact(program_id, field, canonical, source_type, note, checked, who, told=told,
                                 verified=verified)

    def _acting(self, by: str | None, recorded_by: str | None) -> tuple[str, bool]:
        """(who, verified): `by` is verified when it names an advisor account; `recorded_by` is a typed name."""
        if by is not None and recorded_by is not None:
            raise FactError("by", "give the acting account (by) or a typed name (recorded_by), not both")
        if by is None:
            return check_text("recorded_by", recorded_by, limit=MAX_NAME_CHARS, words="who recorded it"), False
        who = check_text("by", by, limit=MAX_NAME_CHARS, words="the acting account")
        return who, self._is_account(who)

    def _is_account(self, name: str) -> bool:
        """An advisor who can sign in (database, not locked, or the user file); never NO_SIGN_IN or "local"."""
        from .auth import read_users_file, users_file
        if name in (NO_SIGN_IN, LOCAL_OWNER):
            return False
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(m.users.c.locked_at).where(m.users.c.name == name)).first()
        if row is not None:
            return row.locked_at is None
        return name in read_users_file(users_file())

    def _insert_fact(self, program_id: str, field: str, value: str, source_type: str, note: str,
                     checked: _dt.date, by: str, connection: sa.Connection | None = None, *, told: str = "",
                     verified: bool = False) -> FactRecord:
        values = _FactValues(program_id=program_id, field=field, value=value, source_type=source_type,
                             source_note=note, checked_on=checked, recorded_by=by, recorded_at=_now(), told_by=told)
        insert = m.facts.insert().values(**values, by_verified=int(verified)).returning(m.facts.c.id)
        if connection is not None:
            new_id = connection.execute(insert).scalar_one()
        else:
            with self._write() as conn, conn.begin():
                new_id = conn.execute(insert).scalar_one()
        return FactRecord(id=new_id, **values, by_verified=verified)

    @_database_errors
    def add_program(self, row: dict, *, source_type: str, source_note: str, checked_on: _dt.date | str,
                    by: str | None = None, told_by: str = "", recorded_by: str | None = None,
                    known_ids: Collection[str] = ()) -> FactRecord:
        """A program missing from the bundled table, validated by the same schema; retract it to remove it.
        by / told_by / recorded_by as in record_fact."""
        cells = check_program_row(row, known_ids=set(known_ids) | self._recorded_program_ids())
        who, verified = self._acting(by, recorded_by)
        source_type, note, checked, who = check_source(source_type, source_note, checked_on, who)
        return self._insert_fact(cells["program_id"], NEW_PROGRAM_FIELD, program_row_json(cells), source_type,
                                 note, checked, who, told=_told_by(told_by), verified=verified)

    def _recorded_program_ids(self) -> set[str]:
        return {f.program_id for f in self.current_facts() if f.field == NEW_PROGRAM_FIELD}

    @_database_errors
    def fact_history(self, program_id: str | None = None) -> list[FactRecord]:
        """Everything ever recorded, newest first, superseded and retracted records included."""
        query = sa.select(m.facts).order_by(m.facts.c.recorded_at.desc(), m.facts.c.id.desc())
        if program_id is not None:
            query = query.where(m.facts.c.program_id == program_id)
        with self.engine.connect() as conn:
            return [_fact(row) for row in conn.execute(query)]

    @_database_errors
    def current_facts(self) -> list[FactRecord]:
        """The latest non-retracted record per (program, field): what the overlay applies."""
        query = (sa.select(m.facts).where(m.facts.c.retracted_at.is_(None))
                 .order_by(m.facts.c.recorded_at, m.facts.c.id))
        with self.engine.connect() as conn:
            latest = {(row.program_id, row.field): _fact(row) for row in conn.execute(query)}
        return sorted(latest.values(), key=lambda f: (f.program_id, f.field))

    @_database_errors
    def retract_fact(self, fact_id: int, *, by: str) -> None:
        """Stamp a record as retracted (kept in the history); the earlier or bundled value comes back.
        by: the acting account (or NO_SIGN_IN), verified as in record_fact."""
        by = check_text("retracted_by", by, limit=MAX_NAME_CHARS, words="who retracted it")
        verified = self._is_account(by)
        with self._write() as conn, conn.begin():
            found = conn.execute(sa.select(m.facts.c.retracted_at).where(m.facts.c.id == int(fact_id))).first()
            if found is None:
                raise NotFound(f"no recorded fact {int(fact_id)}")
            if found.retracted_at is None:
                conn.execute(m.facts.update().where(m.facts.c.id == int(fact_id))
                             .values(retracted_at=_now(), retracted_by=by, retracted_by_verified=int(verified)))

    @_database_errors
    def export_fact_rows(self, *, current_only: bool = True) -> list[dict]:
        """Plain rows for the CSV/JSON export (facts/files.py writes them; text stays raw here)."""
        facts = self.current_facts() if current_only else self.fact_history()
        columns = ("program_id", "field", "value", "source_type", "source_note", "checked_on", "recorded_by",
                   "recorded_at")
        return [{k: v for k, v in f.to_dict().items() if k in columns} for f in facts]

    @_database_errors
    def apply_import(self, diff: ImportDiff, by: str) -> int:
        """Save the new and changed rows of a reviewed import in one transaction; returns how many.
        by: the acting account (or NO_SIGN_IN); a row is verified only when the file names that same account
        (a name the file gives is typed text: "Dr A (imported by ann)" is not verified)."""
        by = check_text("recorded_by", by, limit=MAX_NAME_CHARS, words="who imported it")
        verified = self._is_account(by)
        with self._write() as conn, conn.begin():
            for row in diff.to_apply:
                who = row.recorded_by if row.recorded_by == by else f"{row.recorded_by} (imported by {by})"
                self._insert_fact(row.program_id, row.field, row.value, row.source_type, row.source_note,
                                  row.checked_on, who[:MAX_NAME_CHARS], connection=conn,
                                  verified=verified and who == by)
        return len(diff.to_apply)

    # --- students and scenarios (owner-scoped) ------------------------------------------------------
    @_database_errors
    def save_student(self, owner: str, name: str) -> int:
        """The student's id; saving a name the owner already has returns that student."""
        owner = check_text("owner", owner, limit=MAX_NAME_CHARS, words="the advisor name")
        name = check_text("name", name, limit=MAX_NAME_CHARS, words="the student name")
        with self._write() as conn, conn.begin():
            found = conn.execute(sa.select(m.students.c.id).where(m.students.c.owner == owner,
                                                                  m.students.c.name == name)).scalar()
            if found is not None:
                return int(found)
            now = _now()
            return int(conn.execute(m.students.insert().values(owner=owner, name=name, created_at=now,
                                                               updated_at=now).returning(m.students.c.id)).scalar_one())

    @_database_errors
    def students(self, owner: str) -> list[StudentRecord]:
        count = (sa.select(sa.func.count(m.scenarios.c.id)).where(m.scenarios.c.student_id == m.students.c.id)
                 .scalar_subquery())
        query = (sa.select(m.students, count.label("scenario_count")).where(m.students.c.owner == owner)
                 .order_by(m.students.c.name, m.students.c.id))
        with self.engine.connect() as conn:
            return [StudentRecord(r.id, r.owner, r.name, r.created_at, r.updated_at, int(r.scenario_count))
                    for r in conn.execute(query)]

    @_database_errors
    def student(self, owner: str, student_id: int) -> StudentRecord:
        for record in self.students(owner):
            if record.id == _int_id(student_id):
                return record
        raise NotFound(f"no student {student_id}")

    @_database_errors
    def delete_student(self, owner: str, student_id: int) -> None:
        """Really deletes the student and every scenario (foreign key ON DELETE CASCADE, and explicitly)."""
        sid = _int_id(student_id)
        with self._write() as conn, conn.begin():
            if not conn.execute(sa.select(m.students.c.id).where(m.students.c.id == sid,
                                                                 m.students.c.owner == owner)).first():
                raise NotFound(f"no student {student_id}")
            conn.execute(m.scenarios.delete().where(m.scenarios.c.student_id == sid))
            conn.execute(m.students.delete().where(m.students.c.id == sid, m.students.c.owner == owner))
        forget_deleted(self.engine)

    @_database_errors
    def save_scenario(self, owner: str, student_id: int, name: str, profile: dict, notes: str = "", *,
                      snapshot: dict | None = None) -> int:
        """Save (or overwrite, by name) a scenario of one of the owner's students: a profile dict plus notes, and
        the predictions shown for it at this moment (snapshot). Overwriting without a snapshot clears the old one:
        it described another profile."""
        name = check_text("name", name, limit=MAX_NAME_CHARS, words="the scenario name")
        notes = check_text("notes", notes, limit=MAX_NOTE_CHARS, required=False, words="the notes")
        if not isinstance(profile, dict):
            raise FactError("profile", "the profile must be a mapping of field -> value")
        profile_json = json.dumps(profile, ensure_ascii=False, sort_keys=True, default=str)
        if len(profile_json) > MAX_PROFILE_JSON_CHARS:
            raise FactError("profile", f"the profile is larger than {MAX_PROFILE_JSON_CHARS} characters")
        snapshot_json = _snapshot_json(snapshot)
        sid = _int_id(student_id)
        with self._write() as conn, conn.begin():
            if not conn.execute(sa.select(m.students.c.id).where(m.students.c.id == sid,
                                                                 m.students.c.owner == owner)).first():
                raise NotFound(f"no student {student_id}")
            now = _now()
            found = conn.execute(sa.select(m.scenarios.c.id).where(m.scenarios.c.student_id == sid,
                                                                   m.scenarios.c.name == name)).scalar()
            conn.execute(m.students.update().where(m.students.c.id == sid).values(updated_at=now))
            if found is not None:
                conn.execute(m.scenarios.update().where(m.scenarios.c.id == found)
                             .values(profile_json=profile_json, notes=notes, updated_at=now,
                                     snapshot_json=snapshot_json))
                return int(found)
            return int(conn.execute(m.scenarios.insert().values(
                student_id=sid, owner=owner, name=name, profile_json=profile_json, notes=notes, created_at=now,
                updated_at=now, snapshot_json=snapshot_json).returning(m.scenarios.c.id)).scalar_one())

    def _scenario_query(self, owner: str):
        return (sa.select(m.scenarios, m.students.c.name.label("student_name"))
                .join(m.students, m.students.c.id == m.scenarios.c.student_id)
                .where(m.scenarios.c.owner == owner, m.students.c.owner == owner)
                .order_by(m.students.c.name, m.scenarios.c.name, m.scenarios.c.id))

    @staticmethod
    def _scenario(row: Any) -> ScenarioRecord:
        return ScenarioRecord(id=row.id, owner=row.owner, student_id=row.student_id, student_name=row.student_name,
                              name=row.name, profile=json.loads(row.profile_json), notes=row.notes,
                              created_at=row.created_at, updated_at=row.updated_at,
                              snapshot=_read_snapshot(row.snapshot_json))

    @_database_errors
    def scenarios(self, owner: str, student_id: int) -> list[ScenarioRecord]:
        query = self._scenario_query(owner).where(m.scenarios.c.student_id == _int_id(student_id))
        with self.engine.connect() as conn:
            return [self._scenario(row) for row in conn.execute(query)]

    @_database_errors
    def scenario(self, owner: str, scenario_id: int) -> ScenarioRecord:
        """One scenario of this owner; another owner's id raises NotFound like a missing one."""
        with self.engine.connect() as conn:
            row = conn.execute(self._scenario_query(owner).where(m.scenarios.c.id == _int_id(scenario_id))).first()
        if row is None:
            raise NotFound(f"no scenario {scenario_id}")
        return self._scenario(row)

    @_database_errors
    def delete_scenario(self, owner: str, scenario_id: int) -> None:
        with self._write() as conn, conn.begin():
            gone = conn.execute(m.scenarios.delete().where(m.scenarios.c.id == _int_id(scenario_id),
                                                           m.scenarios.c.owner == owner)).rowcount
        if not gone:
            raise NotFound(f"no scenario {scenario_id}")
        forget_deleted(self.engine)

    @_database_errors
    def all_scenarios(self, owner: str) -> list[ScenarioRecord]:
        """Every scenario of every student of this owner (the cohort view scores them in one batch)."""
        with self.engine.connect() as conn:
            return [self._scenario(row) for row in conn.execute(self._scenario_query(owner))]

    # --- advisors (shared mode) --------------------------------------------------------------------
    @_database_errors
    def add_user(self, name: str, password: str) -> None:
        """Add an advisor, or set a new password for an existing one (argon2id hash, never the password)."""
        from .auth import hash_password
        name = check_text("name", name, limit=MAX_NAME_CHARS, words="the advisor name")
        if name == LOCAL_OWNER:
            raise FactError("name", f"'{LOCAL_OWNER}' is the single-user owner; choose another name")
        if not isinstance(password, str) or len(password) < MIN_PASSWORD_CHARS:
            raise FactError("password", f"the password needs at least {MIN_PASSWORD_CHARS} characters")
        hashed = hash_password(password)
        with self._write() as conn, conn.begin():
            if conn.execute(sa.select(m.users.c.id).where(m.users.c.name == name)).first():
                conn.execute(m.users.update().where(m.users.c.name == name).values(      # a reset ends every session
                    password_hash=hashed, session_epoch=sa.func.coalesce(m.users.c.session_epoch, 0) + 1))
            else:
                conn.execute(m.users.insert().values(name=name, password_hash=hashed, created_at=_now(),
                                                     session_epoch=0))

    @_database_errors
    def verify_user(self, name: str, password: str) -> bool:
        """The right password of an advisor in the database or in the configured user file (SMARTPICK_USERS_FILE);
        a locked account never. No attempt limits: for scripts and tests - a sign-in form uses check_sign_in."""
        from .auth import read_users_file, users_file, verify_password
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(m.users.c.password_hash, m.users.c.locked_at)
                               .where(m.users.c.name == str(name))).first()
        if row is not None and row.locked_at is not None:
            return False
        hashed = row.password_hash if row is not None else read_users_file(users_file()).get(str(name))
        return str(name) != LOCAL_OWNER and verify_password(hashed, password)

    @_database_errors
    def check_sign_in(self, name: str, password: str, *, client: str | None = None,
                      now: _dt.datetime | None = None) -> SignInResult:
        """One sign-in attempt, with guessing bounded before any password is hashed.

        Refused without hashing: a locked account; an account or a client address (client: the browser's IP,
        or None) with FREE_FAILURES failures whose wait has not passed (the wait doubles from 30 s to 15
        minutes); more than HASHES_PER_SECOND verifications in this process in the last second. A failure
        counts for the account and the client; a success resets the account's count (not the client's, so one
        valid account cannot launder guesses at others). now: UTC (naive = UTC), for tests.
        """
        from . import auth
        when = auth.utc(now)
        account = (name.strip() if isinstance(name, str) else "")[:MAX_NAME_CHARS]
        address = client.strip()[:MAX_NAME_CHARS] if isinstance(client, str) and client.strip() else None
        keys = [("account", account)] + ([("client", address)] if address else [])
        attempts = m.sign_in_attempts
        with self.engine.connect() as conn:
            user = conn.execute(sa.select(m.users.c.password_hash, m.users.c.locked_at)
                                .where(m.users.c.name == account)).first()
            rows = conn.execute(sa.select(attempts).where(sa.or_(*[
                (attempts.c.kind == kind) & (attempts.c.subject == subject) for kind, subject in keys]))).all()
        if user is not None and user.locked_at is not None:
            return SignInResult(False, LOCKED_MESSAGE)
        waits = [r.blocked_until for r in rows if r.blocked_until is not None and r.blocked_until > when
                 and r.last_failure_at >= when - auth.FORGET_FAILURES_AFTER]
        if waits:
            return SignInResult(False, auth.retry_message(max(waits), when), _aware(max(waits)))
        if not auth.HASH_BUDGET.take():
            return SignInResult(False, auth.BUSY_MESSAGE, _aware(when + _dt.timedelta(seconds=1)))
        hashed = user.password_hash if user is not None else auth.read_users_file(auth.users_file()).get(account)
        ok = auth.verify_password(hashed, password) and account not in ("", LOCAL_OWNER)
        with self._write() as conn, conn.begin():
            if ok:
                conn.execute(attempts.delete().where(attempts.c.kind == "account", attempts.c.subject == account))
                return SignInResult(True, f"Signed in as {account}.")
            conn.execute(attempts.delete().where(attempts.c.last_failure_at < when - auth.FORGET_FAILURES_AFTER))
            blocked = [b for b in (_count_failure(conn, kind, subject, when) for kind, subject in keys) if b]
        if blocked:
            return SignInResult(False, f"{NO_MATCH_MESSAGE} {auth.retry_message(max(blocked), when)}",
                                _aware(max(blocked)))
        return SignInResult(False, NO_MATCH_MESSAGE)

    @_database_errors
    def session_epoch(self, name: str) -> int:
        """The account's session epoch: a session token carrying another number is no longer valid. Accounts in
        the user file (and unknown names) are 0: their sessions end at expiry or with a new session secret."""
        with self.engine.connect() as conn:
            epoch = conn.execute(sa.select(m.users.c.session_epoch).where(m.users.c.name == str(name))).scalar()
        return int(epoch or 0)

    @_database_errors
    def check_session(self, name: str, epoch: int) -> bool:
        """A session read from a valid token still stands: the account can sign in and the epoch is current."""
        return self._is_account(str(name)) and self.session_epoch(name) == epoch

    @_database_errors
    def sign_out(self, name: str) -> None:
        """End every session token of the account (all browsers) by bumping its epoch; a user-file account has
        no epoch to bump (the app forgets its cookie; the token ends at its expiry)."""
        with self._write() as conn, conn.begin():
            conn.execute(m.users.update().where(m.users.c.name == str(name))
                         .values(session_epoch=sa.func.coalesce(m.users.c.session_epoch, 0) + 1))

    @_database_errors
    def lock_user(self, name: str) -> None:
        """No sign-in for this account until unlock_user, and its sessions end now."""
        with self._write() as conn, conn.begin():
            done = conn.execute(m.users.update().where(m.users.c.name == str(name)).values(
                locked_at=_now(), session_epoch=sa.func.coalesce(m.users.c.session_epoch, 0) + 1)).rowcount
        if not done:
            raise NotFound(f"no advisor account {str(name)[:60]!r} in the database")

    @_database_errors
    def unlock_user(self, name: str) -> None:
        """Sign-in allowed again, with the account's failure count cleared."""
        with self._write() as conn, conn.begin():
            done = conn.execute(m.users.update().where(m.users.c.name == str(name)).values(locked_at=None)).rowcount
            conn.execute(m.sign_in_attempts.delete().where(m.sign_in_attempts.c.kind == "account",
                                                           m.sign_in_attempts.c.subject == str(name)))
        if not done:
            raise NotFound(f"no advisor account {str(name)[:60]!r} in the database")

    @_database_errors
    def locked_users(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(r.name for r in conn.execute(sa.select(m.users.c.name)
                                                       .where(m.users.c.locked_at.is_not(None))))

    @_database_errors
    def user_names(self) -> list[str]:
        """Advisors in the database and in the configured user file."""
        from .auth import read_users_file, users_file
        with self.engine.connect() as conn:
            names = {r.name for r in conn.execute(sa.select(m.users.c.name))}
        return sorted(names | set(read_users_file(users_file())))

    # --- backup -------------------------------------------------------------------------------------
    @_database_errors
    def export_all(self) -> dict:
        from .backup import export_tables
        with self.engine.connect() as conn:
            return export_tables(conn)

    @_database_errors
    def restore_all(self, data: dict) -> None:
        """Replace everything with a backup (one transaction: a bad backup changes nothing)."""
        from .backup import restore_tables
        with self._write() as conn, conn.begin():
            restore_tables(conn, data)


def _snapshot_json(snapshot: object) -> str | None:
    """A scenario's prediction snapshot as stored: JSON text, or None when there is none."""
    if snapshot is None:
        return None
    if not isinstance(snapshot, dict):
        raise FactError("snapshot", "the prediction snapshot must be a mapping of field -> value")
    try:
        text = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise FactError("snapshot", "the prediction snapshot must hold plain numbers and text (no NaN or "
                                    "infinity)") from None
    if len(text) > MAX_PROFILE_JSON_CHARS:
        raise FactError("snapshot", f"the prediction snapshot is larger than {MAX_PROFILE_JSON_CHARS} characters")
    return text


def _read_snapshot(text: str | None) -> dict | None:
    """A stored snapshot; anything unreadable (a hand-edited backup) reads as no snapshot, never a guessed one."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _told_by(value: object) -> str:
    return check_text("told_by", value, limit=MAX_NAME_CHARS, required=False, words="who at the program said it")


def _count_failure(conn: sa.Connection, kind: str, subject: str, when: _dt.datetime) -> _dt.datetime | None:
    """One more failure for this account or client (row locked on PostgreSQL, inserted if new); its wait's end."""
    from .auth import FORGET_FAILURES_AFTER, failure_delay
    attempts = m.sign_in_attempts
    where = (attempts.c.kind == kind) & (attempts.c.subject == subject)
    for _ in range(3):
        row = conn.execute(sa.select(attempts.c.failures, attempts.c.last_failure_at).where(where)
                           .with_for_update()).first()
        failures = row.failures + 1 if row is not None and row.last_failure_at >= when - FORGET_FAILURES_AFTER else 1
        delay = failure_delay(failures)
        blocked = when + delay if delay else None
        values = dict(failures=failures, last_failure_at=when, blocked_until=blocked)
        if row is not None:
            conn.execute(attempts.update().where(where).values(**values))
            return blocked
        try:
            with conn.begin_nested():           # another process may insert the same row first: then update it
                conn.execute(attempts.insert().values(kind=kind, subject=subject, **values))
            return blocked
        except sa.exc.IntegrityError:
            continue
    return None


def _int_id(value: object) -> int:
    """An id as a caller or a URL gives it; anything int() refuses (None, "1 OR 1=1") or out of range is NotFound."""
    try:
        if not isinstance(value, (str, bytes, bytearray, SupportsInt, SupportsIndex)):
            raise TypeError(value)
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound(f"no record {str(value)[:40]}") from None
    if not 0 < number < 2**63:
        raise NotFound(f"no record {number}")
    return number


# The same helpers under public names, for the store's sibling modules (outcomes.py): one clock, one error rule.
now = _now
database_errors = _database_errors
int_id = _int_id


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (and migrate to the newest schema) the configured database.

    A file that is not a database, is damaged, unreadable or locked past the busy timeout, or a server
    that does not answer, gives StoreError with one clear line: the app then runs on the bundled data.
    A database written by a newer SmartPick raises NewerSchemaError and is left exactly as it was.
    """
    url = url or default_database_url()
    engine = make_engine(url)
    where = describe_url(url)
    try:
        check_integrity(engine)
        check_revision(engine)          # a newer schema: refused before any write, the migration included
        if upgrade:
            migrate(engine)
    except NewerSchemaError:
        engine.dispose()
        raise
    except StoreError as exc:
        engine.dispose()
        raise StoreError(f"{where}: {exc}; the app runs on the bundled data - restore a backup or move "
                         "the file away") from None
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        engine.dispose()
        if is_disk_full(exc):
            raise StoreError(f"{where} cannot be brought up to date: the disk is full (or the file is read-only). "
                             "Nothing saved was lost; free some space or ask your administrator - the app runs on "
                             "the bundled data meanwhile") from None
        reason = plain_reason(exc)
        raise StoreError(f"{where} cannot be opened ({reason}); the app runs on the bundled data - "
                         "check the file or SMARTPICK_DATABASE_URL, or restore a backup") from None
    return Store(engine, url)
