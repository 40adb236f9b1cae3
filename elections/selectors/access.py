"""Access helpers for renewals: every view gets its renewal through one of these.

Refusals are 404, as for the organisation tree (branches.access), whose roles they read.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import Http404

from branches.access import Action, role_paths, subtree_q
from elections.models import Campaign, Delegate, DelegateUnit, Notice, Renewal, RenewalShift
from elections.selectors.notices import public_notice_for
from elections.selectors.shifts import shifts_for


def renewals_for(user: AbstractBaseUser, action: Action = Action.VIEW) -> QuerySet[Renewal]:
    q = subtree_q(user, action, "branch__path")
    qs = Renewal.objects.select_related("branch", "branch__parent")
    return qs if q is None else qs.filter(q)


def get_renewal_for(user: AbstractBaseUser, pk: int, *, action: Action = Action.VIEW) -> Renewal:
    renewal = renewals_for(user, action).filter(pk=pk).first()
    if renewal is None:
        raise Http404
    return renewal


def get_shift_for(user: AbstractBaseUser, pk: int, *, action: Action = Action.VIEW) -> RenewalShift:
    """A delay or early renewal request of a branch the user's roles reach for `action`."""
    shift = shifts_for(user, action).filter(pk=pk).first()
    if shift is None:
        raise Http404
    return shift


def get_public_notice(token: str) -> tuple[Renewal, Notice]:
    """The renewal behind a public notice link and the notice it shows now; anything else,
    including a link whose notices are over with their phase, is 404."""
    found = public_notice_for(token)
    if found is None:
        raise Http404
    return found


def get_delegate_unit_for(
    user: AbstractBaseUser, pk: int, unit_pk: int, *, action: Action
) -> DelegateUnit:
    """An electing unit of the congress of a renewal the user may act on."""
    renewal = get_renewal_for(user, pk, action=action)
    unit = DelegateUnit.objects.filter(congress__renewal=renewal, pk=unit_pk).first()
    if unit is None:
        raise Http404
    return unit


def get_delegate_for(
    user: AbstractBaseUser, pk: int, delegate_pk: int, *, action: Action
) -> Delegate:
    """A delegate elected to the congress of a renewal the user may act on."""
    renewal = get_renewal_for(user, pk, action=action)
    delegate = Delegate.objects.filter(unit__congress__renewal=renewal, pk=delegate_pk).first()
    if delegate is None:
        raise Http404
    return delegate


def campaign_runner_paths(user: AbstractBaseUser) -> list[str]:
    """Paths of the organisations whose campaigns the user runs (plans, scopes, launches, risk
    notes): a staff role (组织员, MANAGE) or an approver's role held there or above. A campaign
    renews the organisations below the one that runs it: its staff keep the rolls and watch who
    is due, its approvers approve the renewals; both act on the organisation's own campaign
    (approving is otherwise strictly below the role's organisation)."""
    return sorted(set(role_paths(user, Action.APPROVE)) | set(role_paths(user, Action.MANAGE)))


def can_run_campaigns(user: AbstractBaseUser, organisation) -> bool:
    """Whether the user runs the campaigns of ``organisation`` (see campaign_runner_paths)."""
    if user.is_superuser:
        return True
    return any(organisation.path.startswith(path) for path in campaign_runner_paths(user))


def campaigns_for(user: AbstractBaseUser, action: Action = Action.VIEW) -> QuerySet[Campaign]:
    """The campaigns the user may act on with ``action``: VIEW on the organisation that runs it
    to see one; APPROVE, which here means running it (campaign_runner_paths), to change it."""
    qs = Campaign.objects.select_related("organisation")
    if user.is_superuser:
        return qs
    paths = campaign_runner_paths(user) if action == Action.APPROVE else role_paths(user, action)
    return qs.filter(
        reduce(or_, (Q(organisation__path__startswith=p) for p in paths), Q(pk__in=[]))
    )


def get_campaign_for(user: AbstractBaseUser, pk: int, *, action: Action = Action.VIEW) -> Campaign:
    campaign = campaigns_for(user, action).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign
