"""workspace trust: verified attribution and told_by on facts, session epoch and lock on users, sign-in attempts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08

Facts recorded before this revision keep their recorded_by text with by_verified = 0: they were typed names.
The new columns are nullable so a backup written before them still restores (NULL reads as "", 0).
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("facts", sa.Column("told_by", sa.String(200), nullable=True, server_default=""))
    op.add_column("facts", sa.Column("by_verified", sa.Integer, nullable=True, server_default="0"))
    op.add_column("facts", sa.Column("retracted_by_verified", sa.Integer, nullable=True, server_default="0"))
    op.add_column("users", sa.Column("session_epoch", sa.Integer, nullable=True, server_default="0"))
    op.add_column("users", sa.Column("locked_at", sa.DateTime, nullable=True))
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.DateTime, nullable=False),
        sa.Column("blocked_until", sa.DateTime, nullable=True),
        sa.UniqueConstraint("kind", "subject", name="uq_sign_in_attempts_kind_subject"),
    )


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("locked_at")
        batch.drop_column("session_epoch")
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("retracted_by_verified")
        batch.drop_column("by_verified")
        batch.drop_column("told_by")
