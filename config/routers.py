"""Database routing: Procrastinate's migrations are raw PostgreSQL SQL, so on any other database
(the embedded SQLite of `make run` and `make test`) they are skipped; jobs run without the queue
there (config/queue.py)."""

from __future__ import annotations

from django.db import connections


class PostgresOnlyMigrations:
    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        if app_label == "procrastinate" and connections[db].vendor != "postgresql":
            return False
        return None
