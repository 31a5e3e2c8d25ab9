"""school aliases: an advisor's one-click classification of a medical-school name a roster paste did not recognise

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07

Append-only like facts: a correction is a new row and a retraction stamps the old one, so the history shows who
classified which name as what, and when. Workspace-wide: every advisor's roster reads the same aliases.
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "school_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alias", sa.String(300), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("classification", sa.String(40), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("by_verified", sa.Integer, nullable=False, server_default="0"),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("retracted_at", sa.DateTime, nullable=True),
        sa.Column("retracted_by", sa.String(200), nullable=True),
        sa.Index("ix_school_aliases_alias", "alias"),
    )


def downgrade() -> None:
    op.drop_table("school_aliases")
