"""Rule profiles: edited by staff, validated as a RuleSet, inherited, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from branches.models import AuditEvent
from elections.models import RuleProfile
from elections.selectors.rules import preset_values, rules_for
from elections.services.prepare import renewal_open
from elections.services.rules import rule_profile_delete, rule_profile_save
from tests.elections.rule_forms import profile_post


def test_staff_edit_the_profile_on_the_page(client, users, tree):
    client.force_login(users["staff"])
    url = reverse("elections:rule_profile", args=[tree["a"].pk])
    assert (
        "沿用" in client.get(url).content.decode() or "默认规则" in client.get(url).content.decode()
    )
    data = preset_values("village") | {"publicity_days": 7, "recommendation_top_n": ""}
    response = client.post(url, profile_post(data))
    assert response.status_code == 302
    profile = RuleProfile.objects.get(organisation=tree["a"])
    assert profile.confidence_vote is True
    assert profile.publicity_days == 7
    assert rules_for(tree["b2"]).publicity_days == 7  # inherited two levels down
    assert AuditEvent.objects.filter(action="rule_profile_save").count() == 1


def test_a_margin_below_twenty_percent_is_refused(users, tree):
    """R6: the ratio may be raised by setting, never lowered."""
    with pytest.raises(ValidationError, match="20%"):
        rule_profile_save(
            actor=users["staff"], organisation=tree["a"], differential_margin=Decimal("0.10")
        )
    assert not RuleProfile.objects.exists()


def test_only_managing_staff_may_change_rules(users, tree):
    with pytest.raises(PermissionDenied):
        rule_profile_save(actor=users["approver"], organisation=tree["a"], quorum="lenient")


def test_back_to_inheriting(users, tree):
    rule_profile_save(actor=users["admin"], organisation=tree["root"], quorum="lenient")
    rule_profile_save(actor=users["staff"], organisation=tree["a"], quorum="strict")
    assert rules_for(tree["b1"]).quorum == "strict"
    rule_profile_delete(actor=users["staff"], organisation=tree["a"])
    assert rules_for(tree["b1"]).quorum == "lenient"


def test_renewal_page_names_the_settings_that_differ(client, users, tree):
    from tests.conftest import make_member

    for _ in range(3):
        make_member(tree["b1"])
    rule_profile_save(actor=users["staff"], organisation=tree["a"], quorum="lenient")
    renewal = renewal_open(actor=users["secretary"], branch=tree["b1"])
    client.force_login(users["secretary"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "到会人数要求 不少于五分之四" in page


def test_out_of_range_settings_are_field_errors(client, users, tree):
    """Regression: errors showed Python names and Fraction syntax at the top of the form."""
    client.force_login(users["staff"])
    url = reverse("elections:rule_profile", args=[tree["a"].pk])
    data = preset_values("organs") | {"max_committee_seats": 2, "publicity_days": 400}
    response = client.post(url, profile_post(data))
    assert response.status_code == 200
    form = response.context["form"]
    assert "max_committee_seats" in form.errors
    assert "publicity_days" in form.errors
    assert not RuleProfile.objects.exists()


def test_the_plenary_quorum_is_edited_inherited_and_frozen_with_the_renewal(
    client, users, tree, big_branch
):
    """R15 setting plenary_quorum same|half: on the rule page, in the RuleSet, and in the rules a
    renewal keeps from its start."""
    client.force_login(users["staff"])
    url = reverse("elections:rule_profile", args=[tree["a"].pk])
    assert 'name="plenary_quorum"' in client.get(url).content.decode()
    data = preset_values("organs") | {"plenary_quorum": "half"}
    response = client.post(url, profile_post(data))
    assert response.status_code == 302
    assert rules_for(tree["b1"]).plenary_quorum == "half"
    renewal = renewal_open(actor=users["secretary"], branch=tree["b1"])
    assert renewal.rules["plenary_quorum"] == "half"
    assert renewal.ruleset().plenary_quorum == "half"
    assert preset_values("organs")["plenary_quorum"] == "same"
