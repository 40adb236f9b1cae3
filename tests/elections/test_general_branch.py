"""A general branch (党总支) renews by its members' meeting, which elects the committee and, beside
it, the discipline inspection commission: the same phases, rules and documents as a branch."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import COMMISSION_POSTS, Post
from elections import demo
from elections.documents import build_pdf
from elections.documents.ballots import ballot_pdf, ballots_sheet
from elections.documents.excel import count_workbook
from elections.models import Body, DocumentKind, MeetingKind, Phase
from elections.selectors.candidates import posts_of, shortfalls
from elections.selectors.count import round_sheet
from elections.selectors.meeting import bodies, figures, meeting_of
from elections.selectors.prepare import census, seat_warnings
from elections.selectors.rounds import seats_for
from elections.services import approve
from elections.services.prepare import renewal_open, renewal_update_plan
from elections.workflow import blockers
from tests.campaign_ledger_helpers import workbook
from tests.conftest import make_member, make_org
from tests.pdf_text import pdftotext

COMMITTEE_NOMINEES = 6  # R6: 5 seats need 6 candidates
COMMISSION_NOMINEES = 4  # R6: 3 seats need 4 candidates


@pytest.fixture
def general_branch(tree):
    """G with two branches: B2 (李四, probationary, and 8 full members) and B4 (9 full members);
    B1, outside G, has its own members."""
    g = tree["g"]
    b4 = make_org("B4", "branch", g, name="第四党支部")
    for i in range(8):
        make_member(tree["b2"], name=f"乙{i}")
    for i in range(9):
        make_member(b4, name=f"丙{i}")
    make_member(tree["b1"], name="支部外")
    return g


@pytest.fixture
def opened(users, general_branch):
    return renewal_open(actor=users["staff"], branch=general_branch)


def test_a_general_branch_opens_a_renewal_with_its_usual_committee(opened) -> None:
    """A general branch committee: "5–7 members, at most 9; a secretary and usually one deputy"."""
    assert opened.seats == 5
    assert opened.elect_deputy
    assert not opened.secretary_only
    assert opened.commission_seats is None


def test_the_electorate_is_every_member_of_the_subtree(opened) -> None:
    """E over all member branches (R1, R4): 17 full members of B2 and B4; the probationary member
    of B2 never counts; B1's members are not in G's meeting."""
    counted = census(opened)
    assert counted["expected"] == 17
    assert counted["full"] == 17
    assert "支部外" not in {row["member"].name for row in counted["rows"]}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"seats": 10}, "seats"),
        ({"seats": 2}, "seats"),
        ({"commission_seats": 8}, "commission_seats"),
    ],
)
def test_seats_beyond_the_hard_limits_are_refused(users, opened, changes, field) -> None:
    """seat_limits: a general branch committee at most 9; a commission at most 7; none below 3."""
    with pytest.raises(ValidationError) as caught:
        demo.plan(opened, actor=users["staff"], **changes)
    assert field in caught.value.message_dict


def test_a_branch_has_no_commission(users, big_branch) -> None:
    """A 党支部's committee names a 纪检委员; only a general branch or committee elects a
    commission."""
    renewal = renewal_open(actor=users["secretary"], branch=big_branch)
    with pytest.raises(ValidationError) as caught:
        renewal_update_plan(actor=users["secretary"], renewal=renewal, commission_seats=3)
    assert "commission_seats" in caught.value.message_dict


def test_general_branch_with_commission_from_request_to_approved_result(
    client, users, opened
) -> None:
    """The request names both bodies' seats; recommendation, vetting and notice cover the
    candidates of both; separate ballots and tally per body; the first plenaries elect the
    committee's secretary and deputy and the commission's secretary; the superior approves."""
    staff, approver = users["staff"], users["approver"]
    renewal = demo.plan(opened, actor=staff, seats=7, commission_seats=3)
    assert posts_of(renewal) == [Body.COMMITTEE, Body.COMMISSION]
    renewal = demo.submit_request(renewal, actor=staff, approver=approver)
    request_reply = text(build_pdf(renewal, DocumentKind.REQUEST_REPLY))
    assert "新一届总支部委员会由七名委员组成" in request_reply
    assert "纪律检查委员会由三名委员组成，候选人不少于四名" in request_reply
    present = census(renewal)["expected"]
    demo.hold_recommendation(
        renewal, actor=staff, votes=[present - 1] * 13, present=present - 1,
        posts=[Body.COMMITTEE] * 9 + [Body.COMMISSION] * COMMISSION_NOMINEES,
    )  # fmt: skip
    listed = list(renewal.nominees.filter(on_list=True))
    assert shortfalls(renewal, listed) == []
    renewal = demo.vet_list(renewal, actor=staff, approver=approver)
    renewal = demo.to_vote(renewal, actor=staff)
    assert set(renewal.meetings.values_list("kind", flat=True)) == {
        MeetingKind.MEMBERS, MeetingKind.PLENARY, MeetingKind.COMMISSION,
    }  # fmt: skip
    assert bodies(renewal, MeetingKind.MEMBERS) == [Body.COMMITTEE, Body.COMMISSION]
    demo.prepare_meeting(renewal, actor=staff)
    notice = text(build_pdf(renewal, DocumentKind.MEETING_NOTICE))
    assert "委员会委员七名、纪律检查委员会委员三名，实行差额选举" in notice
    assert (
        "由新一届总支部委员会第一次全体会议选举产生，"
        "纪律检查委员会书记由新一届纪律检查委员会第一次全体会议选举产生" in notice
    )
    assert "向党组织书记请假" in notice
    client.force_login(staff)
    url = reverse("elections:first_ballots", args=[renewal.pk])
    printed = text(client.get(url, {"body": "commission", "copies": 1}).content)
    assert "中共党总支纪律检查委员会委员选举选票" in printed
    assert "中共党总支委员会委员选举选票" in text(client.get(url, {"copies": 1}).content)
    renewal = demo.hold_meeting(renewal, actor=staff)
    assert renewal.phase == Phase.APPROVE

    members_meeting = meeting_of(renewal)
    assert figures(members_meeting).expected == 17
    ballots = list(members_meeting.rounds.order_by("number"))
    assert [(r.body, r.seats) for r in ballots] == [(Body.COMMITTEE, 7), (Body.COMMISSION, 3)]
    # The committee is named for the general branch on the tally sheet and in the count workbook.
    assert round_sheet(ballots[0]).title.startswith("第1轮　选举总支部委员会委员")
    cells = {str(c) for row in workbook(count_workbook(renewal)) for c in row if c is not None}
    assert {"党总支", "总支部委员会委员", "纪律检查委员会委员"} <= cells
    assert "支部委员会委员" not in cells
    committee_names = {n.member.name for n in renewal.nominees.filter(post=Body.COMMITTEE)}
    assert set(ballots[0].names) == committee_names
    assert not set(ballots[1].names) & committee_names

    elected = renewal.elected.all()
    assert elected.filter(body=Body.COMMITTEE).count() == 7
    assert elected.filter(body=Body.COMMISSION).count() == 3
    commission_secretary = elected.get(body=Body.COMMISSION_SECRETARY)
    assert commission_secretary.member_id in set(
        elected.filter(body=Body.COMMISSION).values_list("member_id", flat=True)
    )
    assert elected.filter(body=Body.SECRETARY).count() == 1
    assert elected.filter(body=Body.DEPUTY).count() == 1
    plenary = meeting_of(renewal, MeetingKind.COMMISSION)
    assert figures(plenary).expected == 3
    assert [r.body for r in plenary.rounds.all()] == [Body.COMMISSION_SECRETARY]

    report = text(build_pdf(renewal, DocumentKind.RESULT_REPORT))
    assert "我总支召开党员大会" in report
    assert "差额选举产生了新一届总支部委员会和纪律检查委员会" in report
    assert "纪律检查委员会第一次全体会议选举情况" in report
    assert f"{commission_secretary.name}当选为纪律检查委员会书记" in report
    sheet = ballots_sheet(
        renewal, body=Body.COMMISSION, seats=3, names=ballots[1].names, allow=True, note="",
        held_on=None,
    )  # fmt: skip
    ballot = text(ballot_pdf(sheet, 1))
    assert "中共党总支纪律检查委员会委员选举选票" in ballot

    renewal = approve.renewal_approve_result(actor=approver, renewal=renewal)
    assert renewal.phase == Phase.ARCHIVE
    term = renewal.branch.current_term()
    assert term is not None
    # The new term holds the committee's seven and the commission's three, its secretary first.
    posts = list(term.posts.order_by("pk").values_list("post", "person_name"))
    assert [post for post, _name in posts[:2]] == [Post.SECRETARY, Post.DEPUTY]
    assert not {post for post, _name in posts[2:7]} & set(COMMISSION_POSTS)
    assert {name for _post, name in posts[:7]} == set(
        elected.filter(body=Body.COMMITTEE).values_list("name", flat=True)
    )
    assert [post for post, _name in posts[7:]] == (
        [Post.COMMISSION_SECRETARY] + [Post.COMMISSION_MEMBER] * 2
    )
    commission = set(elected.filter(body=Body.COMMISSION).values_list("name", flat=True))
    assert posts[7][1] == commission_secretary.name
    assert {name for _post, name in posts[7:]} == commission
    reply = text(build_pdf(renewal, DocumentKind.RESULT_REPLY))
    assert f"同意{commission_secretary.name}任中共党总支纪律检查委员会书记" in reply
    assert "充分发挥基层党组织战斗堡垒作用" in reply

    # The summary's new term: the committee's table as before, the commission named after it.
    renewal = demo.seal(renewal, actor=staff)
    summary = text(build_pdf(renewal, DocumentKind.SUMMARY))
    secretary = elected.get(body=Body.SECRETARY).name
    assert f"1书记{secretary}" in summary
    assert "纪委书记" not in summary.split("同时选举产生")[0]
    members = "、".join(name for post, name in posts[8:])
    assert (
        f"同时选举产生中共党总支纪律检查委员会，纪委书记{commission_secretary.name}；"
        f"纪委委员{members}。" in summary
    )
    assert "三、工作交接清单" in summary
    assert "党员活动室钥匙两把" in summary


def test_the_request_names_the_seats_of_both_bodies(users, opened) -> None:
    """The request names the seats of both bodies and the candidates each needs (R6)."""
    renewal = demo.plan(opened, actor=users["staff"], seats=7, commission_seats=3)
    request = text(build_pdf(renewal, DocumentKind.REQUEST))
    assert "新一届总支部委员会拟设委员七名" in request
    assert "纪律检查委员会，拟设委员三名，实行差额选举，候选人不少于四名" in request


def text(data: bytes) -> str:
    return "".join(pdftotext(data).split())


def test_a_base_committee_renews_with_up_to_eleven_seats_and_two_deputies(users, tree, opened):
    """A base committee: "5–9 members (warning above 9, refusal above 11), a secretary and 1–2
    deputies elected at the first plenary"; a general branch elects one deputy."""
    staff = users["staff"]
    committee = renewal_open(actor=staff, branch=tree["a"])
    assert committee.seats == 5
    assert census(committee)["expected"] == 19  # every full member under 机关党委, B1 included
    committee = demo.plan(committee, actor=staff, seats=11, deputies=2, commission_seats=5)
    assert seats_for(committee, Body.DEPUTY) == 2
    assert "多于一般的9名" in "".join(seat_warnings(committee))
    with pytest.raises(ValidationError) as caught:
        demo.plan(committee, actor=staff, seats=12)
    assert "seats" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        demo.plan(opened, actor=staff, deputies=2)
    assert "deputies" in caught.value.message_dict


def test_the_commission_needs_its_own_differential(users, opened) -> None:
    """R6 for each body: six committee candidates do not make up for a commission of 3 seats with
    3 candidates (it needs 4); the list cannot go up to the superior."""
    staff = users["staff"]
    renewal = demo.plan(opened, actor=staff, commission_seats=3)
    renewal = demo.submit_request(renewal, actor=staff, approver=users["approver"])
    present = census(renewal)["expected"]
    demo.hold_recommendation(
        renewal, actor=staff, votes=[present] * 10, present=present,
        posts=[Body.COMMITTEE] * 7 + [Body.COMMISSION] * 3,
    )  # fmt: skip
    listed = list(renewal.nominees.filter(on_list=True))
    assert shortfalls(renewal, listed) == [(Body.COMMISSION, 3, 4)]
    reasons = [b.text for b in blockers(renewal, "submit_list")]
    assert "纪律检查委员会委员候选人初步人选 3 名，至少需要 4 名。" in reasons


def test_the_renewal_page_of_a_general_branch_asks_for_the_commission(client, users, opened):
    """The plan form of a general branch asks for the commission's seats; a branch's does not."""
    client.force_login(users["staff"])
    renewal = demo.plan(opened, actor=users["staff"], commission_seats=3)
    page = client.get(opened.get_absolute_url()).content.decode()
    assert 'name="commission_seats"' in page
    assert 'name="deputies"' not in page  # one deputy: only a base committee may elect two
    demo.submit_request(renewal, actor=users["staff"])
    page = client.get(opened.get_absolute_url()).content.decode()
    assert "选举委员会委员 5 名，纪律检查委员会委员 3 名，设副书记" in page


def test_the_renewal_page_of_a_branch_has_no_commission(client, users, big_branch):
    renewal = renewal_open(actor=users["secretary"], branch=big_branch)
    client.force_login(users["secretary"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert 'name="seats"' in page
    assert 'name="commission_seats"' not in page


def test_starting_a_general_branch_renewal_asks_about_that_organisation(
    client, users, general_branch
):
    """The start confirmation names the organisation, not "本支部" (a 党总支 is not one)."""
    client.force_login(users["staff"])
    page = client.get(reverse("branches:organisation_detail", args=[general_branch.pk]))
    assert f"确定启动{general_branch.name}的换届吗？" in page.content.decode()
    assert "本支部" not in page.content.decode()
