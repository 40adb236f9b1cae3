"""Writing many rows at once, past the ORM: COPY on PostgreSQL, multi-row INSERTs elsewhere.

For rows the program makes itself (the scale seeder): the text format is written unescaped, so
values must hold no tab, newline or backslash.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import connection


def _text(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sqlite_value(value: object) -> object:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write `rows` into `table`: COPY on PostgreSQL, multi-row INSERTs elsewhere. The values are
    the seeder's own (no tab, newline or backslash), so the text format needs no escaping."""
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                lines: list[str] = []
                for row in rows:
                    lines.append("\t".join(map(_text, row)))
                    count += 1
                    if len(lines) >= 10_000:
                        copy.write("\n".join(lines) + "\n")
                        lines = []
                if lines:
                    copy.write("\n".join(lines) + "\n")
        return count
    # Table and column names are the caller's constants, never input.
    marks = ", ".join("%s" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        batch: list[Sequence[object]] = []
        for row in rows:
            batch.append([_sqlite_value(value) for value in row])
            count += 1
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return count


def reset_sequence(model) -> None:
    """After rows written with their own ids: the next id the database hands out follows them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - a model's
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        )
