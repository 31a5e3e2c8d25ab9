"""students, scenarios and recorded program facts

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "students",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("owner", "name", name="uq_students_owner_name"),
    )
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("profile_json", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("student_id", "name", name="uq_scenarios_student_name"),
    )
    op.create_table(
        "facts",
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
    )
    op.create_index("ix_facts_program_field", "facts", ["program_id", "field"])


def downgrade() -> None:
    op.drop_index("ix_facts_program_field", table_name="facts")
    op.drop_table("facts")
    op.drop_table("scenarios")
    op.drop_table("students")
