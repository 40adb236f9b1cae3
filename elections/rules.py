"""Rule profiles (domain-rules §3): held at an organisation, inherited down the tree, audited."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.access import Action, can
from branches.models import Organisation
from branches.services import audit

from . import domain
from .models import Renewal, RuleProfile

PROFILE_FIELDS = (
    "preset",
    "quorum",
    "majority_base",
    "differential_margin",
    "max_committee_seats",
    "publicity_days",
    "publicity_working_days",
    "meeting_notice_days",
    "committee_approval",
    "min_party_age_years",
    "max_age",
    "recommendation_top_n",
    "confidence_vote",
    "direct_secretary_election",
)


def effective_profile(org: Organisation) -> RuleProfile | None:
    """The nearest profile on the way up the tree (None: the rule book's defaults)."""
    return (
        RuleProfile.objects.filter(organisation_id__in=[*org.ancestor_ids(), org.pk])
        .select_related("organisation")
        .order_by("-organisation__depth")
        .first()
    )


def rules_for(org: Organisation) -> domain.RuleSet:
    profile = effective_profile(org)
    return profile.to_ruleset() if profile else domain.DEFAULT_RULES


def preset_values(preset: str) -> dict[str, Any]:
    """A preset's settings as form values."""
    rules = domain.PRESETS[preset]
    return {
        "preset": preset,
        "quorum": rules.quorum,
        "majority_base": rules.majority_base,
        "differential_margin": Decimal(rules.differential_margin.numerator)
        / Decimal(rules.differential_margin.denominator),
        "max_committee_seats": rules.max_committee_seats,
        "publicity_days": rules.publicity_days,
        "publicity_working_days": rules.publicity_working_days,
        "meeting_notice_days": rules.meeting_notice_days,
        "committee_approval": rules.committee_approval,
        "min_party_age_years": rules.min_party_age_years,
        "max_age": rules.max_age,
        "recommendation_top_n": rules.recommendation_top_n,
        "confidence_vote": rules.confidence_vote,
        "direct_secretary_election": rules.direct_secretary_election,
    }


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
            summary=_("修改 %(org)s 的选举规则") % {"org": organisation.name},
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
            summary=_("%(org)s 改为沿用上级的选举规则") % {"org": organisation.name},
        )


def rule_changes(renewal: Renewal) -> list[tuple[str, str]]:
    """The settings in force that differ from the rule book's defaults, labelled for the page."""
    fields = {f.name: f for f in RuleProfile._meta.fields}
    labels = {name: str(f.verbose_name) for name, f in fields.items()}
    labels["term_years"] = _("任期年限")
    labels["exclusion_reasons"] = _("不计入应到会人数的情形")
    changed = renewal.ruleset().changed_settings()
    shown = []
    for name, value in changed.items():
        choices = dict(fields[name].choices) if name in fields and fields[name].choices else {}
        shown.append((labels.get(name, name), str(choices.get(value, _display(value)))))
    return shown


def _display(value) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Fraction):
        return f"{float(value) * 100:.0f}%"
    if isinstance(value, frozenset | set):
        return "、".join(sorted(str(v) for v in value))
    return str(value)
