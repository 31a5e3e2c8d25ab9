"""School aliases: an advisor's one-click classification of a school name a pasted roster did not recognise.

Workspace-wide and append-only, like recorded facts: a new choice for the same name adds a row (the latest wins),
and a retraction stamps the row with who and when, so the history shows every choice ever made.

    record_alias(store, "Univ. of Somewhere SOM", "international", by=account)  -> AliasRecord
    current_aliases(store)   -> {folded name: classification}: what count_roster(text, aliases=...) reads
    alias_history(store)     -> every AliasRecord, newest first, retracted ones included
    retract_alias(store, alias_id, by=account)

The roster classifier (facts/roster.py) never imports the store: the app and the CLI read current_aliases() and
pass the mapping in.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from . import models as m
from .database import write_connection
from .records import NotFound
from .store import Store, database_errors, now as utc_now
from ..facts.records import MAX_NAME_CHARS, FactError
from ..facts.roster import ALIAS_CLASSES, fold_school
from ..facts.rules import check_text

MAX_ALIAS_CHARS = 300          # the column's width; a roster cell longer than this is not a school name


@dataclass(frozen=True)
class AliasRecord:
    """One classification as stored: `alias` is the folded name matched, `label` the name as the roster wrote it."""

    id: int
    alias: str
    label: str
    classification: str
    recorded_by: str
    by_verified: bool
    recorded_at: _dt.datetime
    retracted_at: _dt.datetime | None = None
    retracted_by: str | None = None

    @property
    def class_label(self) -> str:
        return ALIAS_CLASSES.get(self.classification, self.classification)


def _record(row: Any) -> AliasRecord:
    return AliasRecord(id=row.id, alias=row.alias, label=row.label, classification=row.classification,
                       recorded_by=row.recorded_by, by_verified=bool(row.by_verified), recorded_at=row.recorded_at,
                       retracted_at=row.retracted_at, retracted_by=row.retracted_by)


def check_alias(label: str, classification: str) -> tuple[str, str, str]:
    """(folded alias, label, classification), or FactError naming the field and what is allowed."""
    label = check_text("label", label, limit=MAX_ALIAS_CHARS, words="the school name")
    folded = fold_school(label)
    if not folded:
        raise FactError("label", "the school name has no letters or digits; give the name as the roster writes it")
    if classification not in ALIAS_CLASSES:
        raise FactError("classification", f"{str(classification)[:40]!r} is not allowed; one of "
                        + ", ".join(ALIAS_CLASSES))
    return folded, label, classification


@database_errors
def record_alias(store: Store, label: str, classification: str, *, by: str) -> AliasRecord:
    """Save one classification (the earlier choice for the same name stays in the history). by: the acting account
    (or NO_SIGN_IN), verified as for recorded facts."""
    folded, label, classification = check_alias(label, classification)
    by = check_text("by", by, limit=MAX_NAME_CHARS, words="the acting account")
    verified = store._is_account(by)
    values = dict(alias=folded, label=label, classification=classification, recorded_by=by,
                  by_verified=int(verified), recorded_at=utc_now())
    with write_connection(store.engine) as conn, conn.begin():
        new_id = conn.execute(m.school_aliases.insert().values(**values).returning(m.school_aliases.c.id)).scalar_one()
    return AliasRecord(id=new_id, alias=folded, label=label, classification=classification, recorded_by=by,
                       by_verified=verified, recorded_at=values["recorded_at"])   # type: ignore[arg-type]


@database_errors
def alias_history(store: Store) -> list[AliasRecord]:
    """Every classification ever made, newest first, retracted ones included."""
    query = sa.select(m.school_aliases).order_by(m.school_aliases.c.recorded_at.desc(), m.school_aliases.c.id.desc())
    with store.engine.connect() as conn:
        return [_record(row) for row in conn.execute(query)]


@database_errors
def current_aliases(store: Store) -> dict[str, str]:
    """{folded name: classification}: the latest choice per name that is not retracted."""
    query = (sa.select(m.school_aliases.c.alias, m.school_aliases.c.classification)
             .where(m.school_aliases.c.retracted_at.is_(None))
             .order_by(m.school_aliases.c.recorded_at, m.school_aliases.c.id))
    with store.engine.connect() as conn:
        return {row.alias: row.classification for row in conn.execute(query)}


@database_errors
def retract_alias(store: Store, alias_id: int, *, by: str) -> None:
    """Stamp a classification as retracted (it stays in the history); an earlier choice for the name comes back."""
    by = check_text("retracted_by", by, limit=MAX_NAME_CHARS, words="who retracted it")
    with write_connection(store.engine) as conn, conn.begin():
        found = conn.execute(sa.select(m.school_aliases.c.retracted_at)
                             .where(m.school_aliases.c.id == int(alias_id))).first()
        if found is None:
            raise NotFound(f"no school alias {int(alias_id)}")
        if found.retracted_at is None:
            conn.execute(m.school_aliases.update().where(m.school_aliases.c.id == int(alias_id))
                         .values(retracted_at=utc_now(), retracted_by=by))


__all__ = ["AliasRecord", "alias_history", "check_alias", "current_aliases", "record_alias", "retract_alias"]
