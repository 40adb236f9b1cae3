"""Issue 15: the congress adopts the work reports of the committee and of the commission by vote,
once it has signed in with its quorum; a report passes with more than half of the delegates
present; the vote is audited, shown on the congress page and written in the result report."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import AuditEvent
from elections import domain
from elections.documents import build_pdf
from elections.models import Congress, Credential, Delegate, DocumentKind, ReportVote
from elections.selectors.rounds import result_problems
from elections.services.congress import congress_sign_in
from elections.services.congress_reports import congress_report_vote
from tests.congress_helpers import committee_renewal, confirm_all, elect_delegates
from tests.pdf_text import pdftotext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("present", "yes", "no", "abstain", "adopted"),
    [
        (8, 5, 2, 1, True),
        (8, 4, 4, 0, False),  # half is not more than half
        (9, 5, 0, 0, True),
        (9, 4, 0, 5, False),
        (1, 1, 0, 0, True),
    ],
)
def test_a_report_passes_with_more_than_half_of_those_present(present, yes, no, abstain, adopted):
    assert domain.work_report_adopted(present=present, yes=yes, no=no, abstain=abstain) is adopted


@pytest.mark.parametrize(
    ("present", "yes", "no", "abstain"),
    [(8, 5, 3, 1), (0, 0, 0, 0), (8, -1, 0, 0), (8, True, 0, 0)],
)
def test_impossible_figures_are_refused(present, yes, no, abstain):
    with pytest.raises(ValueError, match=r"到会代表|票"):
        domain.work_report_adopted(present=present, yes=yes, no=no, abstain=abstain)


@pytest.fixture
def signed_in(tree, users):
    """机关党委's congress: 10 delegates elected and confirmed, `n` of them signed in."""
    renewal = committee_renewal(tree, users)
    elect_delegates(renewal, users)
    renewal.refresh_from_db()
    confirm_all(renewal, users)

    def sign_in(n: int):
        confirmed = Delegate.objects.filter(
            unit__congress__renewal=renewal, credential=Credential.CONFIRMED
        ).order_by("pk")
        congress_sign_in(
            actor=users["staff"], renewal=renewal, members=[d.member for d in confirmed[:n]]
        )
        return renewal

    return sign_in


def test_the_committee_s_report_is_voted_on_once_the_congress_may_elect(signed_in, users):
    staff = users["staff"]
    renewal = signed_in(8)  # 8 of 10: not more than four fifths
    with pytest.raises(ValidationError, match="五分之四"):
        congress_report_vote(
            actor=staff, renewal=renewal, report="committee", yes=8, no=0, abstain=0
        )
    renewal = signed_in(9)
    with pytest.raises(ValidationError) as refused:
        congress_report_vote(
            actor=staff, renewal=renewal, report="committee", yes=9, no=1, abstain=0
        )
    assert "多于到会代表9名" in refused.value.message_dict["yes"][0]
    with pytest.raises(ValidationError) as refused:  # no commission elected here
        congress_report_vote(
            actor=staff, renewal=renewal, report="commission", yes=9, no=0, abstain=0
        )
    assert "不选举纪律检查委员会" in refused.value.message_dict["report"][0]
    vote = congress_report_vote(
        actor=staff, renewal=renewal, report="committee", yes=4, no=3, abstain=2
    )
    assert (vote.present, vote.adopted) == (9, False)
    vote = congress_report_vote(  # recorded again (a recount): replaced, not added
        actor=staff, renewal=renewal, report="committee", yes=8, no=1, abstain=0
    )
    assert vote.adopted
    assert ReportVote.objects.count() == 1
    report = pdftotext(build_pdf(renewal, DocumentKind.RESULT_REPORT)).replace("\n", "")
    assert "大会表决委员会工作报告，到会代表9名，赞成8票，反对1票，弃权0票，通过。" in report
    assert "召开党员代表大会，进行换届选举。" in report
    assert "我委召开党员大会" not in report
    events = AuditEvent.objects.filter(action="congress_report_vote").order_by("pk")
    assert [e.summary for e in events][-1] == (
        "党员代表大会表决委员会工作报告：到会代表9名，赞成8票，反对1票，弃权0票，通过"
    )


def test_the_congress_page_records_and_shows_the_vote(client, signed_in, users):
    renewal = signed_in(10)
    client.force_login(users["staff"])
    page = reverse("elections:congress_page", args=[renewal.pk])
    assert "尚未表决" in client.get(page).content.decode()
    url = reverse("elections:congress_report_vote", args=[renewal.pk])
    response = client.post(url, {"report": "committee", "yes": "6", "no": "5", "abstain": "0"})
    assert response.status_code == 200  # 11 votes from 10 delegates: refused on its field
    assert "多于到会代表10名" in response.content.decode()
    assert not ReportVote.objects.exists()
    response = client.post(url, {"report": "committee", "yes": "9", "no": "1", "abstain": "0"})
    assert response.status_code == 302
    shown = client.get(page).content.decode()
    assert "到会代表 10 名，赞成 9 票，反对 1 票，弃权 0 票" in shown
    assert "通过" in shown
    # The viewer sees it and has no form.
    client.force_login(users["viewer"])
    assert "登记表决结果" not in client.get(page).content.decode()


def test_the_result_is_not_reported_before_the_reports_are_adopted(signed_in, users):
    """The result problems (the blockers of submitting the result) name each report the congress
    has not adopted, and lift once it has."""
    staff = users["staff"]
    renewal = signed_in(10)
    assert "大会尚未表决委员会工作报告。" in result_problems(renewal)
    congress_report_vote(actor=staff, renewal=renewal, report="committee", yes=5, no=5, abstain=0)
    problems = result_problems(renewal)
    assert "委员会工作报告未获大会通过，须修改后重新表决。" in problems
    assert not [p for p in problems if "尚未表决" in p]
    congress_report_vote(actor=staff, renewal=renewal, report="committee", yes=6, no=4, abstain=0)
    assert not [p for p in result_problems(renewal) if "工作报告" in p]
    # Where a commission is elected, its report must be adopted too.
    renewal.commission_seats = 3
    renewal.save(update_fields=["commission_seats"])
    assert "大会尚未表决纪律检查委员会工作报告。" in result_problems(renewal)


def test_a_members_meeting_has_no_reports_to_vote(tree, users):
    renewal = committee_renewal(tree, users)
    Congress.objects.filter(renewal=renewal).delete()
    assert not [p for p in result_problems(renewal) if "工作报告" in p]
