"""Alembic environment for the SmartPick store: always run programmatically by open_store() with a
connection already inside a transaction (config.attributes["connection"]); no alembic.ini, no logging setup."""

from alembic import context

from smartpick_core.store.models import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
