"""Figures stored on the organisation so that lists over a province filter, sort and sum on the
organisations' rows (issue 16):

- `renewal_due`, the day its renewal is due (the open term's planned end, or the date of an
  approved delay or early renewal; empty without an open term): `refresh_renewal_due` recomputes
  it after every save and delete of a term (`connect`) and of an approval (elections connects its
  RenewalShift the same way);
- `member_count` and `full_count`, its own members and the full ones among them:
  `refresh_member_counts` recomputes them after every save and delete of a member (`connect`: the
  member's branch and the branch it left).

Bulk writes, which send no signals, call the refresh themselves (the import, seed_scale).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from members.models import Member, MemberStatus

from .models import Organisation, Term


def refresh_renewal_due(organisation_ids: Iterable[int] | None = None) -> int:
    """Store the due date of these organisations (all when None): one UPDATE."""
    due = (
        Organisation.objects.with_current_term()
        .filter(pk=models.OuterRef("pk"))
        .values("current_term_due")[:1]
    )
    rows = Organisation.objects.all()
    if organisation_ids is not None:
        rows = rows.filter(pk__in=list(organisation_ids))
    return rows.update(renewal_due=models.Subquery(due, output_field=models.DateField()))


def refresh_member_counts(organisation_ids: Iterable[int] | None = None) -> int:
    """Store the member counts of these organisations (all when None): one UPDATE."""

    def counted(**filters) -> Coalesce:
        rows = (
            Member.objects.filter(branch=models.OuterRef("pk"), **filters)
            .order_by()
            .values("branch")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)

    rows = Organisation.objects.all()
    if organisation_ids is not None:
        rows = rows.filter(pk__in=list(organisation_ids))
    return rows.update(member_count=counted(), full_count=counted(status=MemberStatus.FULL))


def _member_changed(sender, instance: Member, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    left = getattr(instance, "_saved_branch_id", None)
    refresh_member_counts({instance.branch_id, *([left] if left else [])})
    instance._saved_branch_id = instance.branch_id


def connect_due_source(
    model: type[models.Model], *, organisation: Callable[[models.Model], int]
) -> None:
    """Refresh the due date of `organisation(row)` after each save and delete of `model`."""

    def changed(sender, instance, **kwargs) -> None:
        if not kwargs.get("raw"):  # fixtures are loaded as they were stored
            refresh_renewal_due([organisation(instance)])

    uid = f"renewal_due:{model._meta.label_lower}"
    post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(changed, sender=model, dispatch_uid=uid, weak=False)


def connect() -> None:
    connect_due_source(Term, organisation=lambda term: term.organisation_id)
    for signal in (post_save, post_delete):
        signal.connect(_member_changed, sender=Member, dispatch_uid=f"member_counts:{signal}")
