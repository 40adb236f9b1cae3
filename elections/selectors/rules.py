"""Reads of rule profiles: the profile in force for an organisation and what differs from the
defaults."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from branches.models import Organisation
from elections import domain
from elections.models import Renewal, RuleProfile

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
    "plenary_quorum",
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
        "plenary_quorum": rules.plenary_quorum,
    }


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
