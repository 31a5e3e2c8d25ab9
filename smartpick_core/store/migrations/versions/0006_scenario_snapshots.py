"""scenario snapshots: the predictions shown when a scenario was saved, kept with it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

scenarios.snapshot_json holds what SmartPick showed for the scenario's profile at the moment it was saved:
MODEL_VERSION, the interview chance per SoCal program, the list, and the outlook (chance to match, p(no interview),
expected interviews). A recorded outcome then compares what was really shown, not today's model relabelled.
Nullable: scenarios saved before this revision, and backups written before it, have no snapshot and say so.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("scenarios", sa.Column("snapshot_json", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scenarios") as batch:
        batch.drop_column("snapshot_json")
