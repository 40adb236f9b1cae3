"""Two people pressing the same button at once produce one transition (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from branches.models import AuditEvent
from elections.models import Objection, Phase, Renewal
from elections.services.prepare import renewal_approve_request, renewal_submit_request
from elections.services.publicise import OBJECTIONS_PER_HOUR, notice_publish, objection_submit
from elections.workflow import TransitionRefused


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)
def test_two_simultaneous_approvals_make_one_transition(transactional_db, users, planned):
    renewal = renewal_submit_request(actor=users["secretary"], renewal=planned)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def press() -> None:
        try:
            barrier.wait(timeout=10)
            renewal_approve_request(actor=users["approver"], renewal=renewal)
            outcomes.append("moved")
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["moved", "refused"]
    assert Renewal.objects.get(pk=renewal.pk).phase == Phase.RECOMMEND
    approvals = AuditEvent.objects.filter(action="approve_request", target_id=str(renewal.pk))
    assert approvals.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)
def test_simultaneous_objections_cannot_overshoot_the_hourly_limit(
    transactional_db, users, publicising
):
    """Regression: the per-sender limit was counted without a lock, so senders pressing at once
    all passed the check."""
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    senders = OBJECTIONS_PER_HOUR + 3
    barrier = threading.Barrier(senders)
    outcomes: list[str] = []

    def send() -> None:
        try:
            barrier.wait(timeout=10)
            objection_submit(renewal=renewal, text="意见", address="10.0.0.9")
            outcomes.append("sent")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("sent") == OBJECTIONS_PER_HOUR
    assert Objection.objects.filter(renewal=renewal).count() == OBJECTIONS_PER_HOUR
