"""Figures stored on the organisation so that lists over a province filter and sort on an index
(issue 16): `Organisation.renewal_due`, the day its renewal is due (the open term's planned end,
or the date of an approved delay or early renewal; empty without an open term).

`refresh_renewal_due` recomputes it from the terms and approvals; every save and delete of a term
calls it (`connect`), and elections connects its approvals the same way. Bulk writes, which send
no signals, call it themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models
from django.db.models.signals import post_delete, post_save

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
