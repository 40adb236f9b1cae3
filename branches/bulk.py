"""Writing many rows at once, past the ORM: COPY on PostgreSQL, multi-row INSERTs elsewhere.

For rows the program makes itself (the scale seeder): the text format is written unescaped, so
values must hold no tab, newline or backslash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Model
from django.utils import timezone


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
    """Insert unsaved instances of `model` and give them their ids, as bulk_create does, faster:
    on PostgreSQL the ids are taken from the table's sequence first and the rows sent with COPY
    (psycopg quotes every value); on SQLite, inside a transaction (which holds the write lock:
    IMMEDIATE, config/settings.py), the ids follow the largest and one prepared INSERT a row is
    sent as a batch. bulk_create's arrays and per-value compiling cost more than the database's
    work for 100,000 members with their keys and history (issue 16). Sends no signals."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup a value
    if db.vendor not in ("postgresql", "sqlite") or (
        db.vendor == "sqlite" and not db.in_atomic_block
    ):
        model.objects.bulk_create(objs, batch_size=1000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    read = _readers(fields, db, adding=True)
    table = db.ops.quote_name(model._meta.db_table)
    columns = ", ".join(["id", *(db.ops.quote_name(f.column) for f in fields)])
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, len(objs)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        else:
            cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - the model's table
            first = (cursor.fetchone()[0] or 0) + 1
            ids = list(range(first, first + len(objs)))
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
        _send(db, cursor, table, columns, [[obj.pk, *(r(obj) for r in read)] for obj in objs])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db.alias


def insert_rows(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Insert `rows` of values (as an instance would hold them: a dict for JSON) for the fields
    `names` of `model` ("member" for a foreign key's id), without making instances, as
    insert_objects sends them (the database numbers them). For the many small rows of an
    import: search keys, history."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in names]
    convert = [_converter(f, db) for f in fields]
    table = db.ops.quote_name(model._meta.db_table)
    columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
    with db.cursor() as cursor:
        _send(
            db,
            cursor,
            table,
            columns,
            [[c(v) for c, v in zip(convert, row, strict=True)] for row in rows],
        )


def update_objects(model: type[Model], objs: Sequence[Model], names: Sequence[str]) -> None:
    """Save the fields `names` of saved instances, one prepared UPDATE a row sent as a batch
    (executemany: pipelined by psycopg). bulk_update builds a CASE expression per field and row,
    which took 30 s in Python for 10,000 members (issue 16). Sends no signals."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in names]
    read = _readers(fields, db, adding=False)
    table = db.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{db.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608 - the model's names
    with db.cursor() as cursor:
        for start in range(0, len(objs), 1000):
            batch = objs[start : start + 1000]
            cursor.executemany(sql, [[*(r(obj) for r in read), obj.pk] for obj in batch])


def _send(db, cursor, table: str, columns: str, rows: list[list[object]]) -> None:
    """COPY on PostgreSQL; a prepared INSERT a row, in batches, elsewhere."""
    if db.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("%s" for _ in columns.split(", "))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model's names
    for start in range(0, len(rows), 1000):
        cursor.executemany(sql, rows[start : start + 1000])


def _converter(field: models.Field, db) -> Callable[[object], object]:
    """How a value of `field` goes to the driver: as it is where the driver stores it so (text,
    numbers, a foreign key's id, and on PostgreSQL dates), else as Django prepares it (JSON,
    dates on SQLite ...). A choice goes by its value (psycopg writes an Enum by its name)."""
    if isinstance(field, models.ForeignKey):
        plain = isinstance(field.target_field, models.IntegerField | models.AutoField)
    elif type(field) is models.DateField and db.vendor == "sqlite":
        return lambda value: value.isoformat() if value is not None else None
    else:
        plain = isinstance(field, _PLAIN_FIELDS) and (
            db.vendor == "postgresql" or not isinstance(field, models.DateField)
        )
        plain = plain and type(field).get_db_prep_save is models.Field.get_db_prep_save
    if plain:
        return _value
    return _last_one(lambda value: field.get_db_prep_save(value, db))


def _last_one(convert: Callable[[object], object]) -> Callable[[object], object]:
    """`convert`, remembering its last value: the rows of one write share their timestamps (the
    same object), converted once instead of once a row."""
    last: list[object] = [_NOTHING, None]

    def converted(value: object) -> object:
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return converted


def _readers(fields: list, db, *, adding: bool) -> list[Callable[[Model], object]]:
    """For each field, an instance's value as its column stores it; auto_now fields are set."""
    readers = []
    now = timezone.now()  # one time for every row of the write, as one UPDATE would set it
    for field in fields:
        convert = _converter(field, db)
        auto = getattr(field, "auto_now", False) or (
            adding and getattr(field, "auto_now_add", False)
        )
        if auto and isinstance(field, models.DateTimeField):
            readers.append(lambda obj, n=field.attname, c=convert: c(_set(obj, n, now)))
        elif auto:
            readers.append(lambda obj, f=field, c=convert: c(f.pre_save(obj, adding)))
        else:
            readers.append(lambda obj, name=field.attname, c=convert: c(obj.__dict__[name]))
    return readers


_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # and DateTimeField: on PostgreSQL only
)


def _set(obj: Model, name: str, value: object) -> object:
    obj.__dict__[name] = value
    return value


_NOTHING = object()


def _value(value: object) -> object:
    return value.value if isinstance(value, Enum) else value
