"""Alembic environment: the engine comes from khabar (`khabar db upgrade`), never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from khabar.store.db import normalise_url
from khabar.store.models import Base

config = context.config
engine: Engine | None = config.attributes.get("engine")
if engine is None:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("Set sqlalchemy.url or run migrations through `khabar db upgrade`.")
    engine = create_engine(normalise_url(url))

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
