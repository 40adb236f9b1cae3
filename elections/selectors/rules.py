"""Reads of rule profiles: the profile in force for an organisation and what differs from the
defaults."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from branches.models import Organisation
from elections import domain
from elections.models import Renewal, RuleProfile
from elections.selectors.problems import scope_text
from members.models import Education

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
    "recommendation_top_n",
    "confidence_vote",
    "direct_secretary_election",
    "preliminary_notice",
    "appointment_notice_days",
    "exclusion_meeting_vote",
    "plenary_quorum",
    # Eligibility, negative list, exclusion reasons (R4) and term years (§3).
    "eligibility_rules",
    "negative_list",
    "exclusion_reasons",
    "term_years",
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
    """The rules in force for ``org``: its nearest profile; a profile that leaves the negative
    list empty takes the nearest one above that words one (else "十不选")."""
    profiles = list(
        RuleProfile.objects.filter(organisation_id__in=[*org.ancestor_ids(), org.pk]).order_by(
            "-organisation__depth"
        )
    )
    if not profiles:
        return domain.DEFAULT_RULES
    inherited = next((p.negative_list for p in profiles if p.negative_list), None)
    return profiles[0].to_ruleset(negative_list=inherited)


def negative_list_for(org: Organisation) -> list:
    """The negative list in force for ``org`` as (code, wording) pairs."""
    return [list(item) for item in rules_for(org).negative_list]


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
        "eligibility_rules": [rule.to_json() for rule in rules.eligibility_rules],
        "negative_list": [],
        "exclusion_reasons": sorted(str(r) for r in rules.exclusion_reasons),
        "term_years": {str(k): v for k, v in rules.term_years.items()},
        "recommendation_top_n": rules.recommendation_top_n,
        "confidence_vote": rules.confidence_vote,
        "direct_secretary_election": rules.direct_secretary_election,
        "preliminary_notice": rules.preliminary_notice,
        "appointment_notice_days": rules.appointment_notice_days,
        "exclusion_meeting_vote": rules.exclusion_meeting_vote,
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
        # Only plain settings have choices; a mapping or list is not a key (it would not hash).
        label = choices.get(value) if choices else None
        shown.append((labels.get(name, name), str(label if label is not None else _display(value))))
    return shown


def _display(value) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Fraction):
        return f"{float(value) * 100:.0f}%"
    if isinstance(value, frozenset | set):
        return "、".join(sorted(getattr(v, "label", str(v)) for v in value))
    if isinstance(value, tuple) and value and isinstance(value[0], domain.EligibilityRule):
        return "；".join(rule_text(rule) for rule in value)
    if isinstance(value, tuple):  # the negative list: its items, numbered
        return "；".join(f"{n}. {text}" for n, (_code, text) in enumerate(value, start=1))
    if isinstance(value, Mapping):  # term years by branch category
        return "、".join(
            f"{domain.BranchCategory(k).label}{v}年"
            for k, v in value.items()
            if v != domain.DEFAULT_RULES.term_years[k]
        )
    return str(value)


def rule_text(rule: domain.EligibilityRule) -> str:
    """ "连任的书记人选年龄不超过55周岁（原则上）" for the page and the record."""
    who = scope_text(post=rule.post or "", sex=rule.sex or "", nomination=rule.nomination or "")
    who = who or _("候选人")
    if rule.kind == "max_age":
        text = _("%(who)s年龄不超过%(n)s周岁") % {"who": who, "n": rule.limit}
    else:
        label = dict(Education.choices).get(str(rule.limit), rule.limit)
        text = _("%(who)s学历不低于%(e)s") % {"who": who, "e": label}
    return text + (str(_("（原则上）")) if rule.in_principle else "")
