"""The Django admin is for superusers only: it bypasses the roles, so model permissions on an
`is_staff` account must not open it. The audit trail keeps names when rows are deleted."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from branches.models import AuditEvent, Organisation, OrganisationKind
from branches.services import audit


def test_staff_flag_with_model_permissions_does_not_open_the_admin(client, db):
    """Regression: such a user read every member with full ID numbers in the admin."""
    user = get_user_model().objects.create_user("clerk", password="pw-123456789", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_member", "change_member"])
    )
    client.force_login(user)
    for url in (reverse("admin:index"), reverse("admin:members_member_changelist")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


def test_superusers_use_the_admin(client, db):
    admin = get_user_model().objects.create_superuser("root", password="pw-123456789")
    client.force_login(admin)
    assert client.get(reverse("admin:members_member_changelist")).status_code == 200


def test_audit_events_keep_who_and_where_when_the_rows_are_deleted(db):
    """Regression: deleting a user or an organisation blanked the actor of past audit events."""
    user = get_user_model().objects.create_user("leaver", first_name="李", last_name="四")
    org = Organisation.objects.create(
        name="临时党支部", code="TMP", kind=OrganisationKind.COMMITTEE
    )
    event = audit(actor=user, action="test", organisation=org, summary="事件")
    user.delete()
    org.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.actor, event.organisation) == (None, None)
    assert (event.actor_name, event.organisation_name) == ("李 四", "临时党支部")
