"""The demo tells one story: the plan, the request, the reply and the meeting notice of each demo
renewal name the same meeting day, and the members' meeting is held on it; the public notice
gives the period the renewal records."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from elections.documents.common import ORG_WORDS
from elections.domain.timetable import State
from elections.models import (
    Body,
    Campaign,
    Congress,
    Credential,
    Delegate,
    DocumentKind,
    MeetingKind,
    Renewal,
)
from elections.selectors.campaign_board import BoardQuery, board_for
from elections.selectors.congress import congress_figures, congress_of
from tests.pdf_text import pdftotext


def lines_of(doc) -> list[str]:
    with doc.file.open("rb") as fh:
        out = pdftotext(fh.read(), layout=True)
    return ["".join(line.split()) for line in out.splitlines() if line.strip()]


def text_of(doc) -> str:
    return "".join(lines_of(doc))


def test_every_demo_renewal_names_one_meeting_day(db):
    call_command("seed_demo")
    checked = set()
    for renewal in Renewal.objects.exclude(meeting_date=None):
        day = renewal.meeting_date
        said = f"{day.year}年{day.month}月{day.day}日"
        docs = {d.kind: d for d in renewal.documents.all()}
        word = "党员代表大会" if Congress.objects.filter(renewal=renewal).exists() else "党员大会"
        assert f"拟于{said}召开{word}" in text_of(docs[DocumentKind.REQUEST]), renewal
        checked.add("request")
        if DocumentKind.REQUEST_REPLY in docs:
            reply = text_of(docs[DocumentKind.REQUEST_REPLY])
            org_word = ORG_WORDS[renewal.branch.kind]["org_word"]
            assert f"同意你{org_word}于{said}召开{word}" in reply, renewal
            checked.add("reply")
        # A meeting not yet notified (the demo's congress, pending) has no day to check yet.
        members = renewal.meetings.filter(
            kind=MeetingKind.MEMBERS, notice_issued_at__isnull=False
        ).first()
        if members is not None:
            assert members.held_on == day, renewal
            notice = text_of(docs[DocumentKind.MEETING_NOTICE])
            assert f"会议时间：{said}（星期" in notice, renewal
            assert docs[DocumentKind.MEETING_NOTICE].issued_at.date() < day
            checked.add("notice")
        if DocumentKind.REQUEST_REPLY in docs:
            assert docs[DocumentKind.REQUEST].issued_at < docs[DocumentKind.REQUEST_REPLY].issued_at
        for notice in renewal.notices.select_related("document"):
            start, end = notice.start, notice.end
            period = (
                f"公示时间：{start.year}年{start.month}月{start.day}日"
                f"至{end.year}年{end.month}月{end.day}日"
            )
            assert period in text_of(notice.document), renewal
    assert checked == {"request", "reply", "notice"}


def test_demo_titles_keep_organisation_names_on_one_line(db):
    """The request's and reply's titles break after a name or before 关于, never inside a name."""
    call_command("seed_demo")
    for renewal in Renewal.objects.select_related("branch__parent"):
        for doc in renewal.documents.filter(
            kind__in=[DocumentKind.REQUEST, DocumentKind.REQUEST_REPLY]
        ):
            title = lines_of(doc)[1:4]  # below the document number
            assert any(renewal.branch.name in line for line in title), title
            if doc.kind == DocumentKind.REQUEST_REPLY:
                assert title[0] == f"中共{renewal.branch.parent.name}", title


def test_demo_renews_a_general_branch_and_a_town_committee_with_their_commissions(db):
    """seed_demo: a general branch and a base committee renew by members' meeting, each in the vote
    with its meeting prepared and a commission standing beside the committee."""
    call_command("seed_demo")
    for code, seats in (("JG-ZZ", 5), ("QS", 7)):
        renewal = Renewal.objects.get(branch__code=code)
        assert renewal.phase == "vote"
        assert (renewal.seats, renewal.commission_seats) == (seats, 3)
        formal = renewal.nominees.filter(formal=True)
        assert formal.filter(post=Body.COMMISSION).count() == 4
        assert formal.filter(post=Body.COMMITTEE).count() > seats
        meeting = renewal.meetings.get(kind=MeetingKind.MEMBERS)
        assert meeting.method_adopted_at is not None


def test_demo_holds_a_small_delegates_congress_pending(db):
    """seed_demo: 区直机关党委 renews by a delegates' congress, approved by the district
    committee; two units have elected their delegates and had them confirmed, the other units
    and the congress itself are pending; `--without-renewals` makes none of it."""
    call_command("seed_demo", "--without-renewals")
    assert not Renewal.objects.exists()
    call_command("seed_demo")
    renewal = Renewal.objects.get(branch__code="JG")
    assert renewal.phase == "vote"
    assert (renewal.seats, renewal.commission_seats) == (7, 3)
    congress = congress_of(renewal)
    assert congress.approved_at is not None
    assert congress.total == sum(u.seats for u in congress.units.all()) == 30
    done = {u.unit.code for u in congress.units.select_related("unit") if u.elected}
    assert done == {"JG-01", "JG-02"}
    assert congress.units.count() > 2
    figures = congress_figures(congress)
    assert figures.pending == 0
    assert figures.present == 0
    elected = Delegate.objects.filter(unit__congress=congress)
    assert elected.count() == sum(u.seats for u in congress.units.filter(unit__code__in=done))
    assert not elected.exclude(credential=Credential.CONFIRMED).exists()
    formal = renewal.nominees.filter(on_list=True)
    assert formal.filter(post=Body.COMMISSION).count() == 4
    assert not renewal.elected.exists()


def test_demo_runs_a_campaign_with_branches_on_time_late_delayed_and_finished(db):
    """seed_demo (issue 14 item 10): 区直机关党委's campaign over its branches, launched, with some
    branches on time, some late, one with an approved delay and one finished (sealed)."""
    call_command("seed_demo")
    campaign = Campaign.objects.get(organisation__code="JG")
    assert campaign.launched_at is not None
    board = board_for(
        campaign,
        level=campaign.organisation,
        query=BoardQuery(view="branches"),
        today=timezone.localdate(),
    )
    rows = {row.code: row for row in board.rows}
    assert {"JG-01", "JG-03", "JG-07", "JG-08", "JG-09", "JG-10", "JG-11"} <= set(rows)
    assert rows["JG-01"].late
    assert not rows["JG-07"].late
    assert not rows["JG-09"].late
    assert rows["JG-10"].delayed
    finished = rows["JG-08"]
    assert all(cell.state in (State.DONE, State.DONE_LATE) for cell in finished.cells)
    assert campaign.entries.get(branch__code="JG-08").renewal.sealed_at is not None
    assert not Renewal.objects.filter(branch__code="JG-08").exclude(phase="archive").exists()
    # Seeding again adds nothing.
    call_command("seed_demo")
    assert Campaign.objects.filter(organisation__code="JG").count() == 1
