"""State changes of the roster. Each writes one audit event in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Organisation
from branches.official import official_text
from branches.services import audit

from .models import Member, Transfer

MEMBER_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "phone",
    "id_number",
    "joined_on",
    "full_member_on",
    "status",
    "rights",
    "party_probation_until",
)


def _check_branch(branch: Organisation) -> None:
    if not branch.is_branch:
        raise ValidationError({"branch": _("党员只能编入党支部。")})


@transaction.atomic
def member_create(*, actor: Any, branch: Organisation, **fields: Any) -> Member:
    _check_branch(branch)
    member = Member(branch=branch, **fields)
    member.full_clean()
    member.save()
    audit(
        actor=actor,
        action="member_create",
        organisation=branch,
        target=member,
        summary=official_text(gettext_lazy("新增党员 %(name)s"), name=member.name),
    )
    return member


@transaction.atomic
def member_update(*, actor: Any, member: Member, **fields: Any) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = {f: getattr(member, f) for f in MEMBER_FIELDS}
    for name, value in fields.items():
        if name not in MEMBER_FIELDS:
            raise TypeError(f"member_update cannot change {name!r}; use member_transfer for branch")
        setattr(member, name, value)
    member.full_clean()
    changes = {
        f: ["***" if f == "id_number" else str(before[f]), "***" if f == "id_number" else str(v)]
        for f in MEMBER_FIELDS
        if (v := getattr(member, f)) != before[f]
    }
    if changes:
        member.save(update_fields=[*changes, "updated_at"])
        audit(
            actor=actor,
            action="member_update",
            organisation=member.branch,
            target=member,
            summary=official_text(gettext_lazy("修改党员 %(name)s 的信息"), name=member.name),
            changes=changes,
        )
    return member


@transaction.atomic
def member_transfer(
    *, actor: Any, member: Member, to_branch: Organisation, transferred_on: date, reason: str = ""
) -> Transfer:
    member = Member.objects.select_for_update().select_related("branch").get(pk=member.pk)
    _check_branch(to_branch)
    if to_branch.pk == member.branch_id:
        raise ValidationError({"to_branch": _("转入支部与当前支部相同。")})
    transfer = Transfer.objects.create(
        member=member,
        from_branch=member.branch,
        to_branch=to_branch,
        transferred_on=transferred_on,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    old_branch = member.branch
    member.branch = to_branch
    member.save(update_fields=["branch", "updated_at"])
    audit(
        actor=actor,
        action="member_transfer",
        organisation=to_branch,
        target=member,
        summary=official_text(
            gettext_lazy("%(name)s 由 %(old)s 转入 %(new)s"),
            name=member.name,
            old=old_branch,
            new=to_branch,
        ),
        changes={"branch": [str(old_branch), str(to_branch)], "reason": reason},
    )
    return transfer
