"""Alembic environment: always run on the connection that `open_store` hands in."""

from alembic import context

from ocop_desk.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only open_store runs migrations
    raise RuntimeError("run migrations through ocop_desk.store.engine.open_store")

# SQLite runs DDL inside a transaction as well as PostgreSQL does; saying so makes Alembic
# apply every pending migration in ONE transaction, so a kill while a store is being created
# or upgraded leaves the store as it was, never at a revision in between.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
