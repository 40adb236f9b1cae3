"""Database routing.

- Procrastinate's migrations are raw PostgreSQL SQL, so on any other database (the embedded
  SQLite of `make run` and `make test`) they are skipped; jobs run without the queue there
  (config/queue.py).
- With DATABASE_REPLICA_URL (a streaming replica of the primary, issue 16), the reads of the
  dashboard, the campaign boards and statistics and the exports go to the replica.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


class PostgresOnlyMigrations:
    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        if app_label == "procrastinate" and connections[db].vendor != "postgresql":
            return False
        return None


#: The alias of the streaming replica (DATABASE_REPLICA_URL), when one is configured.
REPLICA = "replica"
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside go to the replica (when one is configured), except those in a transaction
    on the primary: a service reads what it is about to write from the primary."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica(view: Callable) -> Callable:
    """A view whose reads may come from the replica: the dashboard, the campaign board and its
    statistics, the exports. Its writes (the session, an audit event) still go to the primary."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


def read_alias() -> str:
    """Where a read goes now: the replica inside `replica_reads` outside a primary transaction."""
    if (
        _replica_reads.get()
        and REPLICA in settings.DATABASES
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return REPLICA
    return DEFAULT_DB_ALIAS


class ReplicaReads:
    """Reads of the views marked `reads_from_replica` go to the replica; every write, every read
    in a transaction and every migration to the primary. The replica is the same database
    streamed, so rows of both aliases may be related."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return None if db == DEFAULT_DB_ALIAS else False
