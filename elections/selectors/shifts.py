"""Reads for delays and early renewals (延期/提前换届): the date each branch's renewal is due once
approved requests are counted, and the requests waiting for a decision.

The date due is the open term's planned end unless the superior approved moving it; the latest
approved request for the open term wins. Lists get it in the same query from
`Organisation.objects.with_current_term()` (`current_term_due`, `current_term_shift`), so a list
of any length costs what it cost before; :func:`effective_due_dates` reads it for given ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from branches.access import Action, subtree_q
from branches.models import Organisation, renewal_status
from elections.models import RenewalShift, ShiftKind, ShiftStatus

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class EffectiveDue:
    """When one organisation's renewal is due."""

    organisation_id: int
    term_end: date | None  # the open term's planned end (None: no open term)
    due: date | None  # the approved new date, else term_end
    shift_kind: str  # "delay", "early" or "" (nothing approved)

    @property
    def status(self) -> str:
        """'overdue', 'due', 'ok' or 'none', as branches.models.renewal_status says of `due`."""
        return renewal_status(self.due)

    @property
    def shifted(self) -> bool:
        return bool(self.shift_kind)

    @property
    def label(self) -> str:
        """ "已批准延期至2027-03-31", "已批准提前至…", or "" with nothing approved."""
        if not self.shift_kind or self.due is None:
            return ""
        return shift_label(self.shift_kind, self.due)


def shift_label(kind: str, new_date: date) -> str:
    if kind == ShiftKind.DELAY:
        return _("已批准延期至%(date)s") % {"date": f"{new_date:%Y-%m-%d}"}
    return _("已批准提前至%(date)s") % {"date": f"{new_date:%Y-%m-%d}"}


def effective_due_dates(org_ids: Iterable[int] | QuerySet) -> dict[int, EffectiveDue]:
    """{organisation id: when its renewal is due}, in one query whatever the number of ids.

    `org_ids` may be a list of ids or a queryset of them (`qs.values("pk")`), which stays a
    subquery: a list of thousands of ids never becomes thousands of query parameters.
    """
    ids = org_ids if isinstance(org_ids, QuerySet) else list(org_ids)
    rows = Organisation.objects.filter(pk__in=ids).with_current_term().order_by()
    fields = ("pk", "current_term_end", "current_term_due", "current_term_shift")
    return {
        pk: EffectiveDue(pk, end, due, shift or "")
        for pk, end, due, shift in rows.values_list(*fields)
    }


def shifts_for(user: AbstractBaseUser, action: Action = Action.VIEW) -> QuerySet[RenewalShift]:
    q = subtree_q(user, action, "branch__path")
    qs = RenewalShift.objects.select_related(
        "branch", "branch__parent", "term", "requested_by", "decided_by"
    )
    return qs if q is None else qs.filter(q)


def shifts_to_decide(user: AbstractBaseUser) -> QuerySet[RenewalShift]:
    """Requests waiting for this user's decision (approvers strictly above the branch)."""
    return shifts_for(user, Action.APPROVE).filter(status=ShiftStatus.PENDING)


def shifts_sent(user: AbstractBaseUser) -> QuerySet[RenewalShift]:
    """The user's branches' requests still waiting for the superior: shown in their queue as
    waiting on somebody else."""
    return shifts_for(user, Action.WORK).filter(status=ShiftStatus.PENDING)


#: Queue item kinds (elections.selectors.dashboard): a request to decide; one of the user's
#: branches' requests waiting for the superior.
SHIFT, SHIFT_SENT = "shift", "shift_sent"


def shift_queue(user: AbstractBaseUser) -> dict[str, QuerySet[RenewalShift]]:
    return {SHIFT: shifts_to_decide(user), SHIFT_SENT: shifts_sent(user)}


def waits_on(shift: RenewalShift) -> str:
    """Whom a pending request waits for: the branch's superior organisation."""
    return shift.branch.parent.name if shift.branch.parent_id else _("上级")


def queue_text(kind: str, shift: RenewalShift) -> tuple[str, str]:
    """The queue item's title and detail; the branch's own item names whom it waits for."""
    what = shift.get_kind_display()
    if kind == SHIFT_SENT:
        title = _("%(kind)s申请，等待%(who)s审批") % {"kind": what, "who": waits_on(shift)}
    else:
        title = _("%(kind)s申请待审批") % {"kind": what}
    return title, f"{shift.due_date:%Y-%m-%d} → {shift.new_date:%Y-%m-%d}"


def shift_history(branch: Organisation) -> QuerySet[RenewalShift]:
    """Every request of the branch, newest first."""
    return RenewalShift.objects.filter(branch=branch).select_related(
        "term", "requested_by", "decided_by"
    )


def current_due(branch: Organisation) -> EffectiveDue:
    return effective_due_dates([branch.pk])[branch.pk]
