"""What the delay and early renewal tests share: a term ending on a day relative to today, and a
request made through the service."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from branches.figures import refresh_renewal_due
from branches.models import Organisation, Term
from elections.models import RenewalShift
from elections.services.shifts import renewal_shift_request


def today() -> date:
    return timezone.localdate()


def term_ends_in(branch: Organisation, days: int) -> Term:
    """Move the branch's open term's planned end to `days` from today (negative: overdue)."""
    Term.objects.filter(organisation=branch, actual_end=None).update(
        planned_end=today() + timedelta(days=days)
    )
    refresh_renewal_due([branch.pk])  # a bulk update sends no signal
    return Term.objects.get(organisation=branch, actual_end=None)


def ask(
    actor,
    branch: Organisation,
    *,
    kind: str = "delay",
    days: int = 60,
    reason: str = "中心工作任务重",
) -> RenewalShift:
    """A request to hold the renewal `days` from today."""
    return renewal_shift_request(
        actor=actor,
        branch=branch,
        kind=kind,
        new_date=today() + timedelta(days=days),
        reason=reason,
    )
