"""Two people pressing the same button at once produce one transition (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from branches.models import AuditEvent
from elections.models import Phase, Renewal
from elections.services.prepare import renewal_approve_request, renewal_submit_request
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
