"""outcomes: what happened to each student's applications in a season, consent per student, retention per advisor

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

A season's outcomes are versioned: a correction adds a new outcome_seasons row (with its applications) and stamps
the earlier one superseded, so the history shows who changed what and when. Owned like students (the owner column
on every row); deleting a student deletes their consent and outcomes (ON DELETE CASCADE).
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcome_consents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("consent", sa.Integer, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("student_id", name="uq_outcome_consents_student"),
    )
    op.create_table(
        "outcome_settings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("keep_seasons", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("owner", name="uq_outcome_settings_owner"),
    )
    op.create_table(
        "outcome_seasons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id", ondelete="CASCADE"), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("season", sa.Integer, nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("matched_program", sa.String(300), nullable=False, server_default=""),
        sa.Column("profile_json", sa.Text, nullable=False),
        sa.Column("model_version", sa.String(40), nullable=False, server_default=""),
        sa.Column("predicted_match", sa.Float, nullable=True),
        sa.Column("predicted_interviews", sa.Float, nullable=True),
        sa.Column("scenario_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("superseded_at", sa.DateTime, nullable=True),
        sa.Column("superseded_by", sa.String(200), nullable=True),
        sa.Index("ix_outcome_seasons_owner_student_season", "owner", "student_id", "season"),
    )
    op.create_table(
        "outcome_applications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("outcome_season_id", sa.Integer, sa.ForeignKey("outcome_seasons.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("specialty", sa.String(60), nullable=False),
        sa.Column("program_id", sa.String(120), nullable=False, server_default=""),
        sa.Column("program_name", sa.String(300), nullable=False, server_default=""),
        sa.Column("city", sa.String(120), nullable=False, server_default=""),
        sa.Column("state", sa.String(40), nullable=False, server_default=""),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("sub_region", sa.String(80), nullable=False, server_default=""),
        sa.Column("invited", sa.Integer, nullable=False),
        sa.Column("invited_on", sa.Date, nullable=True),
        sa.Column("interviewed", sa.Integer, nullable=True),
        sa.Column("ranked", sa.Integer, nullable=True),
        sa.Column("predicted_chance", sa.Float, nullable=True),
        sa.Column("model_version", sa.String(40), nullable=False, server_default=""),
        sa.Index("ix_outcome_applications_season", "outcome_season_id"),
    )


def downgrade() -> None:
    op.drop_table("outcome_applications")
    op.drop_table("outcome_seasons")
    op.drop_table("outcome_settings")
    op.drop_table("outcome_consents")
