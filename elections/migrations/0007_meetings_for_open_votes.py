"""Meetings used to be created by the first page that showed them; now the service that enters
the vote creates them. Renewals already past that point get theirs here."""

from django.db import migrations


def create_meetings(apps, schema_editor):
    Renewal = apps.get_model("elections", "Renewal")
    Meeting = apps.get_model("elections", "Meeting")
    for renewal in Renewal.objects.filter(phase__in=["vote", "approve", "archive"]):
        Meeting.objects.get_or_create(
            renewal=renewal,
            kind="members",
            defaults={"held_on": renewal.meeting_date, "place": renewal.meeting_place},
        )
        # The plenary elects the secretary unless the members' meeting does (R3, R15).
        direct = renewal.secretary_only or (renewal.rules or {}).get("direct_secretary_election")
        if not direct:
            Meeting.objects.get_or_create(
                renewal=renewal, kind="plenary", defaults={"place": renewal.meeting_place}
            )


class Migration(migrations.Migration):
    dependencies = [("elections", "0006_meeting_rounds_archive")]
    operations = [migrations.RunPython(create_meetings, migrations.RunPython.noop)]
