"""State changes of the organisation tree. Each writes one audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from elections import domain

from . import cached, history
from .models import AuditEvent, ChangeKind, Organisation, OrganisationKind, Post, Term, TermPost
from .official import official_text

# Which kinds may sit under which.
ALLOWED_PARENT_KINDS: dict[str, set[str]] = {
    OrganisationKind.COMMITTEE: {OrganisationKind.COMMITTEE},
    OrganisationKind.GENERAL_BRANCH: {OrganisationKind.COMMITTEE},
    OrganisationKind.BRANCH: {OrganisationKind.COMMITTEE, OrganisationKind.GENERAL_BRANCH},
}


def audit(
    *,
    actor: Any,
    action: str,
    organisation: Organisation | None,
    target: models.Model | None = None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user is not None else "",
        action=action,
        organisation=organisation,
        organisation_name=organisation.name if organisation is not None else "",
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary,
        changes=changes or {},
    )


def check_parent(*, kind: str, parent: Organisation | None) -> None:
    if parent is None:
        if kind != OrganisationKind.COMMITTEE:
            raise ValidationError({"parent": _("只有党委可以没有上级组织。")})
        return
    if parent.kind not in ALLOWED_PARENT_KINDS[kind]:
        raise ValidationError(
            {
                "parent": _("%(kind)s不能设在%(parent)s之下。")
                % {
                    "kind": OrganisationKind(kind).label,
                    "parent": OrganisationKind(parent.kind).label,
                }
            }
        )


def _diff(obj: models.Model, before: dict, fields: Sequence[str]) -> dict:
    changed = {}
    for field in fields:
        old, new = before.get(field), getattr(obj, field)
        if old != new:
            changed[field] = [str(old), str(new)]
    return changed


ORG_FIELDS = ("kind", "code", "name", "category", "is_active")


@transaction.atomic
def organisation_create(*, actor: Any, parent: Organisation | None, **fields: Any) -> Organisation:
    check_parent(kind=fields["kind"], parent=parent)
    org = Organisation(parent=parent, **fields)
    org.full_clean(exclude=["path"])
    org.save()
    audit(
        actor=actor,
        action="organisation_create",
        organisation=org,
        target=org,
        summary=official_text(
            gettext_lazy("新建%(kind)s %(name)s"), kind=org.get_kind_display, name=org.name
        ),
    )
    return org


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {f: getattr(org, f) for f in ORG_FIELDS}
    for name, value in fields.items():
        setattr(org, name, value)
    check_parent(kind=org.kind, parent=org.parent)
    if org.kind != OrganisationKind.BRANCH:
        org.category = ""
    org.full_clean(exclude=["path", "parent"])
    changes = _diff(org, before, ORG_FIELDS)
    if changes:
        org.save(update_fields=list(changes))
        audit(
            actor=actor,
            action="organisation_update",
            organisation=org,
            target=org,
            summary=official_text(gettext_lazy("修改%(name)s"), name=org.name),
            changes=changes,
        )
    return org


@transaction.atomic
def organisation_move(
    *, actor: Any, organisation: Organisation, new_parent: Organisation
) -> Organisation:
    """Re-hang a subtree: every descendant's path is rewritten in one UPDATE."""
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    new_parent = Organisation.objects.select_for_update().get(pk=new_parent.pk)
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": _("不能移到自己或自己的下级组织之下。")})
    check_parent(kind=org.kind, parent=new_parent)
    old_path, old_parent = org.path, org.parent
    new_path = f"{new_parent.path}{org.pk}/"
    depth_shift = new_path.count("/") - old_path.count("/")
    Organisation.objects.filter(path__startswith=old_path).update(
        path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1)),
        depth=models.F("depth") + depth_shift,
    )
    Organisation.objects.filter(pk=org.pk).update(parent=new_parent)
    cached.changed(cached.TREE)  # every figure of a subtree (branches.cached)
    org.refresh_from_db()
    history.record_many(
        [
            (
                org,
                ChangeKind.UPDATE,
                {"parent": [old_parent.pk if old_parent else None, new_parent.pk]},
            )
        ],
        actor=actor,
    )
    audit(
        actor=actor,
        action="organisation_move",
        organisation=org,
        target=org,
        summary=official_text(
            gettext_lazy("%(name)s 从 %(old)s 移到 %(new)s"),
            name=org.name,
            old=old_parent,
            new=new_parent,
        ),
        changes={"parent": [str(old_parent), str(new_parent)]},
    )
    return org


def planned_term_end(*, organisation: Organisation, start_date: date) -> date:
    return domain.term_end(start_date, category=organisation.category or "other")


@transaction.atomic
def term_start(
    *,
    actor: Any,
    organisation: Organisation,
    start_date: date,
    posts: Sequence[tuple[str, Any, str]] = (),
    number: int | None = None,
    planned_end: date | None = None,
    note: str = "",
) -> Term:
    """Open a new term (届) of a branch, general branch or committee (each renews); the open one
    ends on its start date.

    `posts` holds (post, member, name) triples.
    """
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous = org.current_term()
    if previous is not None:
        if start_date <= previous.start_date:
            raise ValidationError(
                {
                    "start_date": _("新一届的开始日期必须晚于上一届的开始日期（%(d)s）。")
                    % {"d": previous.start_date}
                }
            )
        previous.actual_end = start_date
        previous.save(update_fields=["actual_end"])
    if number is None:
        number = previous.number + 1 if previous else 1
    term = Term(
        organisation=org,
        number=number,
        start_date=start_date,
        planned_end=planned_end or planned_term_end(organisation=org, start_date=start_date),
        note=note,
    )
    term.full_clean()
    term.save()
    TermPost.objects.bulk_create(
        TermPost(term=term, post=post, member=member, person_name=name or str(member))
        for post, member, name in posts
    )
    audit(
        actor=actor,
        action="term_start",
        organisation=org,
        target=term,
        summary=official_text(
            gettext_lazy("%(org)s 第%(n)s届开始（%(start)s 至 %(end)s）"),
            org=org.name,
            n=term.number,
            start=term.start_date,
            end=term.planned_end,
        ),
        changes={"posts": [[official_text(Post(p).label), str(n or m)] for p, m, n in posts]},
    )
    return term
