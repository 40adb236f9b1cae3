"""A branch with fewer than 7 full members elects its secretary and, when planned, a deputy at the
members' meeting; the deputy's candidates are nominated, vetted and publicised like the
secretary's (R3; issue 11 item 2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from elections import demo
from elections.documents import build_pdf
from elections.models import Body, DocumentKind, RoundKind
from elections.selectors.meeting import bodies, formal_candidates, meeting_of
from elections.selectors.rounds import next_round
from elections.services.approve import renewal_approve_result, renewal_submit_result
from elections.services.prepare import renewal_open
from elections.services.recommend import nominee_save
from elections.services.rounds import round_open
from elections.workflow import blockers
from elections.workflow.checks import list_blockers
from tests.conftest import make_member
from tests.pdf_text import pdftotext


def _small(users, tree, *, deputy: bool):
    """B1 with 5 full members: no committee (R3)."""
    for name in ("丁一", "王二", "李三", "赵四"):
        make_member(tree["b1"], name=name)
    renewal = renewal_open(actor=users["secretary"], branch=tree["b1"])
    return demo.plan(
        renewal, actor=users["secretary"], seats=None, secretary_only=True,
        elect_deputy=deputy, posts=[],
    )  # fmt: skip


@pytest.fixture
def deputy_planned(users, tree):
    return _small(users, tree, deputy=True)


def _recommended(users, renewal):
    """丁一 nominated for secretary, 王二 for deputy, each uncontested."""
    secretary = users["secretary"]
    renewal = demo.submit_request(renewal, actor=secretary, approver=users["approver"])
    two = list(renewal.branch.members.filter(name__in=["丁一", "王二"]).order_by("name"))
    two.sort(key=lambda m: m.name != "丁一")
    demo.hold_recommendation(
        renewal, actor=secretary, votes=[4, 4], present=5, members=two,
        posts=[Body.SECRETARY, Body.DEPUTY],
    )  # fmt: skip
    return renewal


def _vote(users, renewal, kind_scrutineer):
    demo._totals_round(renewal, "members", actor=users["secretary"], scrutineer=kind_scrutineer)


def test_a_small_branch_elects_the_deputy_it_planned_from_vetted_publicised_candidates(
    users, deputy_planned
):
    """Before: the only secretary candidate elected, the deputy's ballot had nobody to list (the
    meeting could only pick among the secretary's defeated candidates), so the renewal stuck."""
    secretary = users["secretary"]
    renewal = _recommended(users, deputy_planned)
    assert [(n.member.name, n.post) for n in renewal.nominees.order_by("post")] == [
        ("王二", Body.DEPUTY),
        ("丁一", Body.SECRETARY),
    ]
    renewal = demo.vet_list(renewal, actor=secretary, approver=users["approver"])
    renewal = demo.publish_notice(renewal, actor=secretary)
    notice = "".join(pdftotext(build_pdf(renewal, DocumentKind.NOTICE)).split())
    assert "书记、副书记候选人预备人选" in notice
    assert notice.index("书记丁一") < notice.index("副书记王二")
    renewal = demo.to_vote(renewal, actor=secretary)
    demo.prepare_meeting(renewal, actor=secretary)
    assert [n.member.name for n in formal_candidates(renewal, Body.SECRETARY)] == ["丁一"]
    assert [n.member.name for n in formal_candidates(renewal, Body.DEPUTY)] == ["王二"]
    assert bodies(renewal, "members") == [Body.SECRETARY, Body.DEPUTY]
    demo.attend(renewal, actor=secretary)
    meeting = meeting_of(renewal)
    scrutineer = meeting.scrutineers.first().name
    plan = next_round(meeting)
    assert (plan.body, plan.candidates[0][0], plan.chosen_by_meeting) == (
        Body.SECRETARY, "丁一", False,
    )  # fmt: skip
    _vote(users, renewal, scrutineer)
    plan = next_round(meeting)
    assert (plan.body, plan.kind, [c[0] for c in plan.candidates], plan.chosen_by_meeting) == (
        Body.DEPUTY, RoundKind.FIRST, ["王二"], False,
    )  # fmt: skip
    _vote(users, renewal, scrutineer)
    assert sorted(renewal.elected.values_list("body", "name")) == [
        (Body.DEPUTY, "王二"),
        (Body.SECRETARY, "丁一"),
    ]
    assert next_round(meeting) is None
    assert blockers(renewal) == []
    renewal = renewal_submit_result(actor=secretary, renewal=renewal)
    renewal = renewal_approve_result(actor=users["approver"], renewal=renewal)
    term = renewal.branch.current_term()
    assert sorted((p.post, p.person_name) for p in term.posts.all()) == [
        ("deputy", "王二"),
        ("secretary", "丁一"),
    ]


def test_each_post_needs_its_own_candidate(users, deputy_planned):
    secretary = users["secretary"]
    renewal = demo.submit_request(deputy_planned, actor=secretary, approver=users["approver"])
    ding = renewal.branch.members.get(name="丁一")
    demo.hold_recommendation(renewal, actor=secretary, votes=[4], present=5, members=[ding])
    assert "副书记候选人初步人选 0 名，至少需要 1 名。" in list_blockers(renewal)


def test_a_post_the_plan_does_not_elect_is_refused(users, tree):
    renewal = _small(users, tree, deputy=False)
    renewal = demo.submit_request(renewal, actor=users["secretary"], approver=users["approver"])
    with pytest.raises(ValidationError, match="不选举该职务"):
        nominee_save(
            actor=users["secretary"], renewal=renewal, member=renewal.branch.members.first(),
            source="members", votes=3, post=Body.DEPUTY,
        )  # fmt: skip


def _method(renewal) -> str:
    return "".join(pdftotext(build_pdf(renewal, DocumentKind.METHOD)).split())


def test_the_method_says_what_the_system_does_with_a_deputy(users, deputy_planned):
    secretary = users["secretary"]
    renewal = _recommended(users, deputy_planned)
    renewal = demo.vet_list(renewal, actor=secretary, approver=users["approver"])
    renewal = demo.to_vote(renewal, actor=secretary)
    demo.prepare_meeting(renewal, actor=secretary)
    text = _method(renewal)
    assert "由党员大会直接选举产生支部书记、副书记" in text
    assert "书记、副书记的候选人分别经党员推荐、上级党组织审查同意并公示" in text
    assert "书记正式候选人为：丁一；副书记正式候选人为：王二（按姓氏笔画为序）" in text
    assert "先选举书记，再选举副书记，分别发放选票、分别计票" in text
    assert "由大会从其余党员中提出" not in text  # what it used to say, and never did
    assert "减少名额" not in text


def test_the_method_of_a_secretary_only_election(users, tree):
    secretary = users["secretary"]
    renewal = _small(users, tree, deputy=False)
    renewal = demo.submit_request(renewal, actor=secretary, approver=users["approver"])
    two = list(renewal.branch.members.filter(name__in=["丁一", "王二"]))
    demo.hold_recommendation(renewal, actor=secretary, votes=[4, 4], present=5, members=two)
    renewal = demo.vet_list(renewal, actor=secretary, approver=users["approver"])
    renewal = demo.to_vote(renewal, actor=secretary)
    demo.prepare_meeting(renewal, actor=secretary)
    text = _method(renewal)
    assert "由党员大会直接选举产生支部书记。" in text
    assert "书记正式候选人为：丁一、王二（按姓氏笔画为序）" in text
    assert "副书记" not in text


def test_the_recommendation_page_asks_which_post_a_nominee_stands_for(
    client, users, deputy_planned
):
    renewal = demo.submit_request(
        deputy_planned, actor=users["secretary"], approver=users["approver"]
    )
    client.force_login(users["secretary"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert 'name="post"' in page
    wang = renewal.branch.members.get(name="王二")
    client.post(
        reverse("elections:nominee_save", args=[renewal.pk]),
        {"member": wang.pk, "source": "members", "votes": 3, "post": Body.DEPUTY},
    )
    assert renewal.nominees.get(member=wang).post == Body.DEPUTY


def test_no_ballot_without_candidates(users, deputy_planned):
    """A renewal begun before posts were recorded may have no deputy candidate: the round is
    refused in words, never opened with an empty ballot."""
    secretary = users["secretary"]
    renewal = _recommended(users, deputy_planned)
    renewal = demo.vet_list(renewal, actor=secretary, approver=users["approver"])
    renewal = demo.to_vote(renewal, actor=secretary)
    demo.prepare_meeting(renewal, actor=secretary)
    demo.attend(renewal, actor=secretary)
    _vote(users, renewal, meeting_of(renewal).scrutineers.first().name)
    renewal.nominees.filter(post=Body.DEPUTY).update(formal=False)
    with pytest.raises(ValidationError, match="没有副书记正式候选人"):
        round_open(actor=secretary, renewal=renewal, kind="members", issued=5)
