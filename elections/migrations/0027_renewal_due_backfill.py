"""Store every organisation's renewal due date (branches 0007, branches/figures.py)."""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    # As branches.figures.refresh_renewal_due when this migration was written.
    Organisation = apps.get_model("branches", "Organisation")
    Term = apps.get_model("branches", "Term")
    open_terms = Term.objects.filter(organisation=models.OuterRef("pk"), actual_end__isnull=True)
    approved = open_terms.filter(renewal_shifts__status="approved").order_by(
        "-renewal_shifts__decided_at", "-renewal_shifts__pk"
    )
    Organisation.objects.update(
        renewal_due=Coalesce(
            models.Subquery(approved.values("renewal_shifts__new_date")[:1]),
            models.Subquery(open_terms.order_by("-number").values("planned_end")[:1]),
            output_field=models.DateField(),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0007_organisation_renewal_due"),
        ("elections", "0026_unit_documents"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
