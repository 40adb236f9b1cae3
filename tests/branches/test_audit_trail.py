"""On PostgreSQL the audit trail and the model history cannot be rewritten, not even through the
ORM: a trigger refuses UPDATE and DELETE. Only unlinking a deleted user or organisation passes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from branches.models import AuditEvent, ModelChange, Organisation, OrganisationKind
from branches.services import audit

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only (SQLite drops triggers on rebuilds)",
)


@pytest.fixture
def event(db):
    user = get_user_model().objects.create_user("recorder", first_name="王", last_name="五")
    org = Organisation.objects.create(name="审计党委", code="AUD", kind=OrganisationKind.COMMITTEE)
    return audit(actor=user, action="test", organisation=org, summary="原始记录")


def refused(operation) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        operation()


@postgresql_only
def test_an_orm_update_of_an_audit_event_fails(event):
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(summary="x"))
    event.summary = "改写"
    refused(event.save)
    assert AuditEvent.objects.get(pk=event.pk).summary == "原始记录"


@postgresql_only
def test_an_orm_delete_of_an_audit_event_fails(event):
    refused(AuditEvent.objects.filter(pk=event.pk).delete)
    refused(event.delete)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgresql_only
def test_history_rows_refuse_update_and_delete(event):
    Organisation.objects.filter(code="AUD").get().delete()
    row = ModelChange.objects.get(model="branches.organisation", kind="delete")
    refused(lambda: ModelChange.objects.filter(pk=row.pk).update(object_repr="x"))
    refused(ModelChange.objects.filter(pk=row.pk).delete)


@postgresql_only
def test_only_unlinking_a_foreign_key_passes_and_nothing_else_with_it(event):
    """A row may lose its link to a deleted user (names stay); it may not be pointed elsewhere,
    nor have another column changed in the same UPDATE."""
    other = get_user_model().objects.create_user("other")
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(actor=other))
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(actor=None, actor_name="别人"))
    AuditEvent.objects.filter(pk=event.pk).update(actor=None)
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "王 五"


def test_deleting_a_user_keeps_their_events_and_history_by_name(event):
    """Accounts stay deletable under the trigger: the rows lose the link and keep the name."""
    user = event.actor
    ModelChange.objects.create(
        actor=user, actor_name="王 五", model="branches.organisation", object_id="1", kind="update"
    )
    user.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.actor, event.actor_name, event.summary) == (None, "王 五", "原始记录")
    row = ModelChange.objects.get(actor_name="王 五")
    assert row.actor is None
