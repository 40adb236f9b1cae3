"""State changes of rule profiles, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from branches.access import Action, can
from branches.models import Organisation
from branches.official import official_text
from branches.services import audit
from elections.models import RuleProfile
from elections.selectors.rules import PROFILE_FIELDS


@transaction.atomic
def rule_profile_save(*, actor: Any, organisation: Organisation, **fields: Any) -> RuleProfile:
    """Validate the settings as a RuleSet, save them and audit every change."""
    if not can(actor, Action.MANAGE, organisation):
        raise PermissionDenied
    profile = RuleProfile.objects.select_for_update().filter(
        organisation=organisation
    ).first() or RuleProfile(organisation=organisation)
    before = {f: getattr(profile, f) for f in PROFILE_FIELDS} if profile.pk else {}
    for name, value in fields.items():
        if name not in PROFILE_FIELDS:
            raise TypeError(f"rule_profile_save cannot set {name!r}")
        setattr(profile, name, value)
    try:
        profile.to_ruleset()
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    changes = {
        f: [str(before.get(f, "")), str(getattr(profile, f))]
        for f in PROFILE_FIELDS
        if before.get(f, object()) != getattr(profile, f)
    }
    profile.save()
    if changes:
        audit(
            actor=actor,
            action="rule_profile_save",
            organisation=organisation,
            target=profile,
            summary=official_text(gettext_lazy("修改 %(org)s 的选举规则"), org=organisation.name),
            changes=changes,
        )
    return profile


@transaction.atomic
def rule_profile_delete(*, actor: Any, organisation: Organisation) -> None:
    """Go back to inheriting from above."""
    if not can(actor, Action.MANAGE, organisation):
        raise PermissionDenied
    deleted, _rows = RuleProfile.objects.filter(organisation=organisation).delete()
    if deleted:
        audit(
            actor=actor,
            action="rule_profile_delete",
            organisation=organisation,
            summary=official_text(
                gettext_lazy("%(org)s 改为沿用上级的选举规则"), org=organisation.name
            ),
        )
