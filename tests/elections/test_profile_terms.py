"""Issue 11, item 13: the rule profile stores the enabled exclusion reasons (R4) and the term
years per branch category (§3), edited with the other settings; the census offers only the
enabled reasons; a term starts on the day of the election meeting, not of the approval."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from elections import demo, domain
from elections.forms.prepare import ExclusionForm
from elections.models import Meeting, MeetingKind, RuleProfile
from elections.selectors.rules import preset_values, rules_for
from elections.services.approve import renewal_approve_result
from elections.services.prepare import renewal_open
from elections.services.rules import rule_profile_save
from tests.elections.rule_forms import profile_post


def test_the_profile_page_stores_exclusion_reasons_and_term_years(client, users, tree):
    """§3: "term years per branch category ... enabled exclusion reasons" are settings of the
    profile; they were in the RuleSet but the profile did not store them."""
    client.force_login(users["staff"])
    url = reverse("elections:rule_profile", args=[tree["a"].pk])
    page = client.get(url).content.decode()
    assert "受疫情防控措施限制不能参加，本人同意" in page
    assert "任期年限：学校" in page
    values = preset_values("organs")
    values["exclusion_reasons"] = [*values["exclusion_reasons"], "epidemic", "serving_sentence"]
    values["term_years"] = {"school": 5}
    response = client.post(url, profile_post(values))
    assert response.status_code == 302
    profile = RuleProfile.objects.get(organisation=tree["a"])
    assert "epidemic" in profile.exclusion_reasons
    rules = rules_for(tree["b1"])
    assert domain.ExclusionReason.SERVING_SENTENCE in rules.exclusion_reasons
    assert rules.term_years_for("school") == 5
    assert rules.term_years_for("organ") == 3


def test_a_term_of_six_years_is_a_field_error(client, users, tree):
    client.force_login(users["staff"])
    url = reverse("elections:rule_profile", args=[tree["a"].pk])
    data = profile_post(preset_values("organs") | {"term_years": {"village": 6}})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "term_years_village" in response.context["form"].errors


def test_the_census_offers_only_the_enabled_reasons(users, big_branch):
    """R4: serving a sentence and epidemic restrictions count only where the profile says so."""
    plain = renewal_open(actor=users["secretary"], branch=big_branch)
    offered = {code for code, _label in ExclusionForm(renewal=plain).fields["reason"].choices}
    assert "epidemic" not in offered
    plain.delete()
    rule_profile_save(
        actor=users["staff"],
        organisation=big_branch.parent,
        exclusion_reasons=["illness", "epidemic"],
    )
    renewal = renewal_open(actor=users["secretary"], branch=big_branch)
    offered = {code for code, _label in ExclusionForm(renewal=renewal).fields["reason"].choices}
    assert offered == {"illness", "epidemic"}


def test_the_term_starts_on_the_election_day(users, voting):
    """§1: the new committee's term starts when the members' meeting elects it; approval
    weeks later does not move it. Its length follows the renewal's rules (here 5 years)."""
    voting.rules = {**voting.rules, "term_years": {"organ": 5}}
    voting.save(update_fields=["rules"])
    demo.prepare_meeting(voting, actor=users["secretary"])
    renewal = demo.hold_meeting(voting, actor=users["secretary"])
    elected_on = timezone.localdate() - timedelta(days=20)
    Meeting.objects.filter(renewal=renewal, kind=MeetingKind.MEMBERS).update(held_on=elected_on)
    renewal_approve_result(actor=users["approver"], renewal=renewal)
    term = renewal.branch.current_term()
    assert term.start_date == elected_on
    assert term.planned_end == elected_on.replace(year=elected_on.year + 5)
    assert renewal.branch.terms.get(number=term.number - 1).actual_end == elected_on


def test_the_renewal_page_names_the_changed_terms_and_eligibility_rules(client, users, big_branch):
    """Regression: a changed term length broke the list of settings that differ (a mapping
    was looked up as a choice)."""
    rule = domain.EligibilityRule("max_age", 55, post="secretary", in_principle=True)
    rule_profile_save(
        actor=users["staff"],
        organisation=big_branch.parent,
        term_years={"organ": 5},
        eligibility_rules=[rule.to_json()],
    )
    renewal = renewal_open(actor=users["secretary"], branch=big_branch)
    client.force_login(users["secretary"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "任期年限 机关5年" in page
    assert "候选人资格条件 书记人选年龄不超过55周岁（原则上）" in page


def test_eligibility_rules_are_edited_row_by_row(client, users, tree):
    """Issue 11, item 11: the rules as plans write them are rows of the profile page."""
    client.force_login(users["staff"])
    url = reverse("elections:rule_profile", args=[tree["a"].pk])
    rows = [
        {"kind": "max_age", "post": "secretary", "nomination": "new", "max_age": 50},
        {"kind": "min_education", "post": "member", "min_education": "college",
         "in_principle": True},
    ]  # fmt: skip
    response = client.post(url, profile_post(preset_values("organs"), rows))
    assert response.status_code == 302
    assert rules_for(tree["b1"]).eligibility_rules == (
        domain.EligibilityRule("max_age", 50, post="secretary", nomination="new"),
        domain.EligibilityRule("min_education", "college", post="member", in_principle=True),
    )
    page = client.get(url).content.decode()
    assert 'value="50"' in page
    missing = [{"kind": "max_age", "post": "member"}]
    response = client.post(url, profile_post(preset_values("organs"), missing))
    assert response.status_code == 200
    assert "请填写年龄上限。" in response.content.decode()
