"""The tables (SQLAlchemy Core). The schema itself is made by the Alembic migrations in migrations/;
these Table objects only describe it for queries, and a test checks that both agree.

    students   (id, owner, name, created_at, updated_at)             unique (owner, name)
    scenarios  (id, student_id -> students ON DELETE CASCADE, owner, name, profile_json, notes, ...)
               + snapshot_json (nullable)                          revision 0006
    facts      (id, program_id, field, value, source_type, source_note, checked_on, recorded_by,
                recorded_at, retracted_at, retracted_by)             append-only history
               + told_by, by_verified, retracted_by_verified         revision 0003
    users      (id, name, password_hash, created_at)                 revision 0002
               + session_epoch, locked_at                            revision 0003
    sign_in_attempts (id, kind, subject, failures, last_failure_at, blocked_until)   revision 0003
    school_aliases (id, alias, label, classification, recorded_by, by_verified, recorded_at,
                    retracted_at, retracted_by)                      revision 0004, append-only history
    outcome_consents (id, student_id -> students ON DELETE CASCADE, owner, consent, recorded_by, recorded_at)
    outcome_settings (id, owner, keep_seasons, updated_by, updated_at)                 unique (owner)
    outcome_seasons (id, student_id -> students ON DELETE CASCADE, owner, season, result, matched_program,
                     profile_json, model_version, predicted_match, predicted_interviews, scenario_name,
                     recorded_by, recorded_at, superseded_at, superseded_by)          revision 0005, versioned
    outcome_applications (id, outcome_season_id -> outcome_seasons ON DELETE CASCADE, owner, specialty, program_id,
                     program_name, city, state, kind, sub_region, invited, invited_on, interviewed, ranked,
                     predicted_chance, model_version)                               revision 0005

The columns added in 0003 are nullable (NULL reads as "", 0, not verified) and the flags are 0/1 integers, so a
backup written before them still restores and the backup's plain JSON types carry them. sign_in_attempts is
not in TABLES_IN_ORDER: failure counts are this moment's state, not data worth a backup.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

students = sa.Table(
    "students", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("owner", "name", name="uq_students_owner_name"),
)

scenarios = sa.Table(
    "scenarios", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("profile_json", sa.Text, nullable=False),
    sa.Column("notes", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("snapshot_json", sa.Text, nullable=True),     # the predictions shown when saved; NULL: none (pre-0006)
    sa.UniqueConstraint("student_id", "name", name="uq_scenarios_student_name"),
)

facts = sa.Table(
    "facts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("program_id", sa.String(120), nullable=False),
    sa.Column("field", sa.String(60), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("source_type", sa.String(60), nullable=False),
    sa.Column("source_note", sa.Text, nullable=False),
    sa.Column("checked_on", sa.Date, nullable=False),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("retracted_at", sa.DateTime, nullable=True),
    sa.Column("retracted_by", sa.String(200), nullable=True),
    sa.Column("told_by", sa.String(200), nullable=True, server_default=""),     # who at the program said it
    sa.Column("by_verified", sa.Integer, nullable=True, server_default="0"),    # 1: recorded_by signed in
    sa.Column("retracted_by_verified", sa.Integer, nullable=True, server_default="0"),
    sa.Index("ix_facts_program_field", "program_id", "field"),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("session_epoch", sa.Integer, nullable=True, server_default="0"),   # +1 ends every session token
    sa.Column("locked_at", sa.DateTime, nullable=True),                          # set: cannot sign in
)

sign_in_attempts = sa.Table(
    "sign_in_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),          # "account" or "client"
    sa.Column("subject", sa.String(200), nullable=False),      # the name tried, or the client address
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", sa.DateTime, nullable=False),
    sa.Column("blocked_until", sa.DateTime, nullable=True),
    sa.UniqueConstraint("kind", "subject", name="uq_sign_in_attempts_kind_subject"),
)

school_aliases = sa.Table(
    "school_aliases", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("alias", sa.String(300), nullable=False),              # the name as matched (normalised)
    sa.Column("label", sa.String(300), nullable=False),              # the name as the roster wrote it
    sa.Column("classification", sa.String(40), nullable=False),      # a facts.roster school class
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("by_verified", sa.Integer, nullable=False, server_default="0"),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("retracted_at", sa.DateTime, nullable=True),
    sa.Column("retracted_by", sa.String(200), nullable=True),
    sa.Index("ix_school_aliases_alias", "alias"),
)

outcome_consents = sa.Table(
    "outcome_consents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("consent", sa.Integer, nullable=False),                 # 1: outcomes may be stored
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("student_id", name="uq_outcome_consents_student"),
)

outcome_settings = sa.Table(
    "outcome_settings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("keep_seasons", sa.Integer, nullable=False),            # seasons of outcomes kept, the newest first
    sa.Column("updated_by", sa.String(200), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("owner", name="uq_outcome_settings_owner"),
)

outcome_seasons = sa.Table(
    "outcome_seasons", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("season", sa.Integer, nullable=False),                  # the Match year
    sa.Column("result", sa.String(20), nullable=False),               # matched / unmatched / matched_soap
    sa.Column("matched_program", sa.String(300), nullable=False, server_default=""),
    sa.Column("profile_json", sa.Text, nullable=False),               # the profile at application time
    sa.Column("model_version", sa.String(40), nullable=False, server_default=""),
    sa.Column("predicted_match", sa.Float, nullable=True),            # the outlook shown when the list was saved
    sa.Column("predicted_interviews", sa.Float, nullable=True),
    sa.Column("scenario_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("superseded_at", sa.DateTime, nullable=True),           # set: a correction replaced this version
    sa.Column("superseded_by", sa.String(200), nullable=True),
    sa.Index("ix_outcome_seasons_owner_student_season", "owner", "student_id", "season"),
)

outcome_applications = sa.Table(
    "outcome_applications", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("outcome_season_id", sa.Integer, sa.ForeignKey("outcome_seasons.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("specialty", sa.String(60), nullable=False),
    sa.Column("program_id", sa.String(120), nullable=False, server_default=""),   # "" outside the bundled table
    sa.Column("program_name", sa.String(300), nullable=False, server_default=""),
    sa.Column("city", sa.String(120), nullable=False, server_default=""),
    sa.Column("state", sa.String(40), nullable=False, server_default=""),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("sub_region", sa.String(80), nullable=False, server_default=""),
    sa.Column("invited", sa.Integer, nullable=False),                 # 0/1
    sa.Column("invited_on", sa.Date, nullable=True),
    sa.Column("interviewed", sa.Integer, nullable=True),              # 0/1, NULL: not known
    sa.Column("ranked", sa.Integer, nullable=True),
    sa.Column("predicted_chance", sa.Float, nullable=True),           # the snapshot shown when the list was saved
    sa.Column("model_version", sa.String(40), nullable=False, server_default=""),
    sa.Index("ix_outcome_applications_season", "outcome_season_id"),
)

TABLES_IN_ORDER = (students, scenarios, facts, users, school_aliases, outcome_consents, outcome_settings,
                   outcome_seasons, outcome_applications)   # parents before children (restore inserts in this order)
