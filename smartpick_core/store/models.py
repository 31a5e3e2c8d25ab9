"""The tables (SQLAlchemy Core). The schema itself is made by the Alembic migrations in migrations/;
these Table objects only describe it for queries, and a test checks that both agree.

    students   (id, owner, name, created_at, updated_at)             unique (owner, name)
    scenarios  (id, student_id -> students ON DELETE CASCADE, owner, name, profile_json, notes, ...)
    facts      (id, program_id, field, value, source_type, source_note, checked_on, recorded_by,
                recorded_at, retracted_at, retracted_by)             append-only history
    users      (id, name, password_hash, created_at)                 revision 0002
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
    sa.Index("ix_facts_program_field", "program_id", "field"),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

TABLES_IN_ORDER = (students, scenarios, facts, users)   # parents before children (restore inserts in this order)
