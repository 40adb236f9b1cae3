"""Access helpers for renewals: every view gets its renewal through one of these.

Refusals are 404, as for the organisation tree (branches.access), whose roles they read.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from branches.access import Action, subtree_q
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


def campaigns_for(user: AbstractBaseUser, action: Action = Action.VIEW) -> QuerySet[Campaign]:
    """The campaigns of the organisations the user may act on with ``action``: seeing one needs
    VIEW on the superior that runs it, changing it APPROVE (its staff, as for its approvals)."""
    q = subtree_q(user, action, "organisation__path")
    qs = Campaign.objects.select_related("organisation")
    return qs if q is None else qs.filter(q)


def get_campaign_for(user: AbstractBaseUser, pk: int, *, action: Action = Action.VIEW) -> Campaign:
    campaign = campaigns_for(user, action).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign
