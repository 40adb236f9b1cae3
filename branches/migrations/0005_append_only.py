"""On PostgreSQL the audit trail (AuditEvent) and the model history (ModelChange) refuse UPDATE
and DELETE: a row trigger raises, whoever connects as the application.

One UPDATE is let through: setting a user or organisation foreign key to NULL while every other
column stays as it was. Django sends it when that user or organisation is deleted (on_delete
SET_NULL); the row keeps who and where by name (actor_name, organisation_name), so nothing recorded
is lost and accounts remain deletable.

TRUNCATE fires no row trigger: Django's test flush and an operator's deliberate purge still work.
SQLite gets no trigger: it drops a table's triggers whenever a migration rebuilds the table, so the
guarantee would vanish silently; the application itself never updates or deletes these rows.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION huanjie_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    col text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD);
        new_row := to_jsonb(NEW);
        -- The trigger's arguments name the foreign keys that may be unlinked (set to NULL).
        FOR i IN 0 .. TG_NARGS - 1 LOOP
            col := TG_ARGV[i];
            IF new_row -> col = 'null'::jsonb THEN
                old_row := old_row - col;
                new_row := new_row - col;
            END IF;
        END LOOP;
        IF old_row = new_row THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
"""

TRIGGERS = {
    "branches_auditevent": ("actor_id", "organisation_id"),
    "branches_modelchange": ("actor_id",),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, unlinkable in TRIGGERS.items():
        arguments = ", ".join(f"'{column}'" for column in unlinkable)
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION huanjie_append_only({arguments})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS huanjie_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0004_model_change"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
