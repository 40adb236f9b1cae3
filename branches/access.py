"""Who may see and do what. Every view gets its objects through these helpers.

A role held at an organisation covers that organisation's whole subtree, except for approving: an
approver's role covers only what lies strictly below its organisation, since an organisation's
renewal is approved by its superior, never by itself. Objects outside what a user may see are
reported as 404, so a refusal never reveals that the object exists.
"""

from __future__ import annotations

from enum import StrEnum
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from members.models import ExportJob, ImportJob, Member

from .models import Organisation, Role, RoleKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class Action(StrEnum):
    VIEW = "view"
    MANAGE = "manage"  # edit organisations, terms and members; import
    WORK = "work"  # fill in a branch's renewal forms and submit them
    APPROVE = "approve"  # approve or return what a branch submits; cancel a renewal


ROLES_FOR: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset(RoleKind.values),
    Action.MANAGE: frozenset({RoleKind.STAFF}),
    Action.WORK: frozenset({RoleKind.SECRETARY, RoleKind.STAFF}),
    Action.APPROVE: frozenset({RoleKind.APPROVER}),
}

#: Actions a role allows only on the organisations strictly below the role's organisation.
STRICTLY_BELOW: frozenset[Action] = frozenset({Action.APPROVE})


def covers(role_path: str, org_path: str, action: Action) -> bool:
    """Whether a role for `action` held at `role_path` reaches the organisation at `org_path`."""
    if action in STRICTLY_BELOW and org_path == role_path:
        return False
    return org_path.startswith(role_path)


def role_paths(user: AbstractBaseUser, action: Action) -> list[str]:
    """Paths of the organisations where the user's roles allow `action` (one query per request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_huanjie_roles", None)
    if cached is None:
        cached = list(
            Role.objects.filter(user=user, organisation__is_active=True).values_list(
                "role", "organisation__path"
            )
        )
        user._huanjie_roles = cached
    return sorted({path for role, path in cached if role in ROLES_FOR[action]})


def subtree_q(user: AbstractBaseUser, action: Action, field: str) -> Q | None:
    """None means unrestricted (superuser); an impossible Q means nothing."""
    if user.is_superuser:
        return None
    paths = role_paths(user, action)
    if not paths:
        return Q(pk__in=[])
    below = action in STRICTLY_BELOW
    return reduce(
        or_,
        (
            Q(**{f"{field}__startswith": path}) & ~Q(**{field: path})
            if below
            else Q(**{f"{field}__startswith": path})
            for path in paths
        ),
    )


def organisations_for(user: AbstractBaseUser, action: Action = Action.VIEW) -> QuerySet:
    q = subtree_q(user, action, "path")
    qs = Organisation.objects.all()
    return qs if q is None else qs.filter(q)


def members_for(user: AbstractBaseUser, action: Action = Action.VIEW) -> QuerySet[Member]:
    q = subtree_q(user, action, "branch__path")
    qs = Member.objects.all()
    return qs if q is None else qs.filter(q)


def root_organisations_for(user: AbstractBaseUser) -> QuerySet:
    """The topmost organisations the user may see (their role organisations, or the tree roots)."""
    if user.is_superuser:
        return Organisation.objects.filter(parent__isnull=True)
    return Organisation.objects.filter(path__in=role_paths(user, Action.VIEW))


def get_organisation_for(user: AbstractBaseUser, pk: int, *, action: Action) -> Organisation:
    org = organisations_for(user, action).filter(pk=pk).first()
    if org is None:
        raise Http404
    return org


def get_member_for(user: AbstractBaseUser, pk: int, *, action: Action) -> Member:
    member = members_for(user, action).select_related("branch", "branch__parent").filter(pk=pk)
    found = member.first()
    if found is None:
        raise Http404
    return found


def can(user: AbstractBaseUser, action: Action, org: Organisation) -> bool:
    if user.is_superuser:
        return True
    return any(covers(path, org.path, action) for path in role_paths(user, action))


def can_see_full_id(user: AbstractBaseUser, member: Member) -> bool:
    """Full ID numbers only for staff who manage the member's branch."""
    return can(user, Action.MANAGE, member.branch)


def get_import_job_for(user: AbstractBaseUser, pk: int) -> ImportJob:
    """An import is visible to whoever uploaded it and to staff managing its organisation."""
    job = ImportJob.objects.select_related("organisation").filter(pk=pk).first()
    if job is None:
        raise Http404
    if job.created_by_id != user.pk and not can(user, Action.MANAGE, job.organisation):
        raise Http404
    return job


def get_export_job_for(user: AbstractBaseUser, pk: int) -> ExportJob:
    """An export (it may hold full ID numbers) is for whoever asked for it, and only while they
    may still see its organisation (or, for a whole-roster export, anything at all)."""
    job = ExportJob.objects.select_related("organisation").filter(pk=pk, created_by=user).first()
    if job is None or not user.is_authenticated:
        raise Http404
    if job.organisation is not None:
        allowed = can(user, Action.VIEW, job.organisation) and job.organisation.is_active
    else:
        allowed = user.is_superuser or bool(role_paths(user, Action.VIEW))
    if not allowed:
        raise Http404
    return job
