"""Writing many rows at once, past the ORM: COPY on PostgreSQL, multi-row INSERTs elsewhere.

For rows the program makes itself (the scale seeder): the text format is written unescaped, so
values must hold no tab, newline or backslash.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Model


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


def insert_objects(model: type[Model], objs: Sequence[Model]) -> None:
    """Insert unsaved instances of `model` and give them their ids, as bulk_create does, faster
    on PostgreSQL: the ids are taken from the table's sequence first, then the rows are sent with
    COPY (psycopg quotes every value). bulk_create's arrays cost more than the database's work
    for 100,000 members with their keys and history (issue 16). Sends no signals."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=1000)
        return
    table = model._meta.db_table
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup a value
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(["id", *(db.ops.quote_name(f.column) for f in fields)])
        # Plain values go as they are (psycopg adapts str, int, bool, date, datetime, None);
        # a field that prepares its value (JSON, auto_now ...) is asked to.
        plain = [_plain_field(f) for f in fields]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj, pk in zip(objs, ids, strict=True):
                obj.pk = pk
                values = obj.__dict__
                copy.write_row(
                    [
                        pk,
                        *(
                            _value(values[f.attname])
                            if simple
                            else f.get_db_prep_save(f.pre_save(obj, True), db)
                            for f, simple in zip(fields, plain, strict=True)
                        ),
                    ]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db.alias


def insert_rows(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Insert `rows` of values (as an instance would hold them: a dict for JSON) for the fields
    `names` of `model` ("member" for a foreign key's id), without making instances: COPY on
    PostgreSQL, one multi-row INSERT statement a batch elsewhere. For the many small rows of an
    import: search keys, history."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in names]
    postgres = db.vendor == "postgresql"
    # Plain values go to psycopg as they are; SQLite's driver is given Django's text forms.
    prepare = [None if postgres and _plain_field(f) else f for f in fields]
    columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
    table = model._meta.db_table

    def values(row: Sequence[object]) -> list[object]:
        return [
            _value(v) if f is None else f.get_db_prep_save(v, db)
            for f, v in zip(prepare, row, strict=True)
        ]

    with db.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        marks = ", ".join("%s" for _ in fields)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model's names
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, [values(row) for row in rows[start : start + 1000]])


def update_objects(model: type[Model], objs: Sequence[Model], names: Sequence[str]) -> None:
    """Save the fields `names` of saved instances, one prepared UPDATE a row sent as a batch
    (executemany: pipelined by psycopg). bulk_update builds a CASE expression per field and row,
    which took 30 s in Python for 10,000 members (issue 16). Sends no signals."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in names]
    table = db.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{db.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608 - the model's names
    with db.cursor() as cursor:
        for start in range(0, len(objs), 1000):
            cursor.executemany(
                sql,
                [
                    [*(f.get_db_prep_save(f.pre_save(obj, False), db) for f in fields), obj.pk]
                    for obj in objs[start : start + 1000]
                ],
            )


_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField too, unless auto_now / auto_now_add
)


def _plain_field(field: models.Field) -> bool:
    """Whether the value an instance holds for `field` is what the column stores."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    if isinstance(field, models.ForeignKey):  # its value is the related row's integer id
        return isinstance(field.target_field, models.IntegerField | models.AutoField)
    return isinstance(field, _PLAIN_FIELDS) and type(field).get_db_prep_save is (
        models.Field.get_db_prep_save
    )


def _value(value: object) -> object:
    """A choice's plain value (psycopg would write an Enum by its name)."""
    return value.value if isinstance(value, Enum) else value
