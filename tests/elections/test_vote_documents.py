"""Printed documents of the vote, approval and archive phases, built from state made with the ORM
(the counting services are not used here): the text of each PDF carries the facts R17 asks for."""

from __future__ import annotations

import io
from datetime import time

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from elections import domain
from elections.documents import build_pdf
from elections.documents.attendance import attendance_pdf
from elections.documents.excel import count_workbook
from elections.documents.rounds import tally
from elections.models import (
    Body,
    DocumentKind,
    Elected,
    Meeting,
    MeetingKind,
    Nominee,
    Round,
    RoundKind,
    RoundStatus,
)
from elections.selectors.count import round_sheet
from members.models import Member
from tests.pdf_text import pdftotext
from tests.spreadsheet_checks import formula_cells, values_of

NAMES = ["王芳", "李明", "张伟", "刘洋", "陈静", "赵磊", "孙丽", "周强"]
CANDIDATES = ["王芳", "刘洋", "李明", "张三", "张伟", "陈静"]


def text_of(data: bytes) -> str:
    """The PDF's text without any whitespace (tables and line breaks split words)."""
    return "".join(pdftotext(data).split())


def outcome(**kw) -> dict:
    base = {
        "void": False, "no": {}, "abstain": {}, "base": "present", "runoff": [],
        "runoff_seats": 0, "unfilled": 0, "readings_differ": False, "write_in_members": {},
    }  # fmt: skip
    return {**base, **kw}


@pytest.fixture
def voted(planned):
    """After the vote: a committee round with a write-in and a tie, the run-off, the plenary."""
    renewal = planned
    branch = renewal.branch
    people = {m.name: m for m in Member.objects.filter(branch=branch)}
    for member, name in zip(sorted(
        (m for m in people.values() if m.name.startswith("甲")), key=lambda m: m.name
    ), NAMES, strict=True):  # fmt: skip
        member.name = name
        member.save(update_fields=["name"])
    Member.objects.filter(branch=branch, name="预备").update(name="钱多多")
    people = {m.name: m for m in Member.objects.filter(branch=branch)}
    renewal.phase = "vote"
    renewal.save(update_fields=["phase"])
    for name in CANDIDATES:
        Nominee.objects.create(
            renewal=renewal, member=people[name], on_list=True, approved=True, formal=True
        )
    ballot = domain.sort_by_strokes(CANDIDATES)
    today = timezone.localdate()
    members = Meeting.objects.create(
        renewal=renewal, kind=MeetingKind.MEMBERS, held_on=today, start_time=time(9, 30),
        place="机关三楼会议室", chair="赵磊", notice_issued_at=timezone.now(),
        method_adopted_at=timezone.now(),
    )  # fmt: skip
    members.scrutineers.set([people["孙丽"]])
    members.counters.set([people["周强"]])
    members.present.set([m for m in people.values() if m.name != "赵磊"])
    first = Round.objects.create(
        meeting=members, number=1, body=Body.COMMITTEE, kind=RoundKind.FIRST, seats=5,
        candidates=[{"name": n, "member": people[n].pk} for n in ballot],
        expected=9, present=8, issued=8, returned=8, status=RoundStatus.CLOSED,
        confirmed_by="孙丽", closed_at=timezone.now(),
        outcome=outcome(
            returned=8, valid=7, invalid=1,
            yes=[[n, {"王芳": 7, "刘洋": 6, "李明": 6}.get(n, 5)]
                 for n in ballot] + [["赵磊", 1]],
            no={"刘洋": 1, "张三": 1, "张伟": 2, "陈静": 1},
            abstain={"李明": 1, "张三": 1, "陈静": 1},
            base_size=8, threshold=5, elected=["王芳", "刘洋", "李明"],
            runoff=["张三", "张伟", "陈静"], runoff_seats=2,
            write_in_members={"赵磊": people["赵磊"].pk},
        ),
    )  # fmt: skip
    tied = domain.sort_by_strokes(["张三", "张伟", "陈静"])
    runoff = Round.objects.create(
        meeting=members, number=2, body=Body.COMMITTEE, kind=RoundKind.RUNOFF, seats=2,
        candidates=[{"name": n, "member": people[n].pk} for n in tied], allow_write_ins=False,
        expected=9, present=8, issued=8, returned=8, status=RoundStatus.CLOSED,
        confirmed_by="孙丽", closed_at=timezone.now(),
        outcome=outcome(
            returned=8, valid=8, invalid=0,
            yes=[[n, {"张三": 6, "张伟": 5, "陈静": 4}[n]] for n in tied],
            no={"张三": 1, "张伟": 2, "陈静": 3}, abstain={"张三": 1, "张伟": 1, "陈静": 1},
            base_size=8, threshold=5, elected=["张三", "张伟"],
        ),
    )  # fmt: skip
    duties = {"王芳": "secretary", "刘洋": "deputy", "李明": "organisation",
              "张三": "publicity", "张伟": "discipline"}  # fmt: skip
    for name, votes, won_in in [
        ("王芳", 7, first), ("刘洋", 6, first), ("李明", 6, first),
        ("张三", 6, runoff), ("张伟", 5, runoff),
    ]:  # fmt: skip
        Elected.objects.create(
            renewal=renewal, body=Body.COMMITTEE, member=people[name], name=name, votes=votes,
            round=won_in, duty=duties[name],
        )  # fmt: skip
    plenary = Meeting.objects.create(
        renewal=renewal, kind=MeetingKind.PLENARY, held_on=today, chair="王芳"
    )
    plenary.scrutineers.set([people["李明"]])
    plenary.present.set([people[n] for n in duties])
    for number, body, name, yes in [(1, Body.SECRETARY, "王芳", 5), (2, Body.DEPUTY, "刘洋", 4)]:
        won = Round.objects.create(
            meeting=plenary, number=number, body=body, kind=RoundKind.FIRST, seats=1,
            candidates=[{"name": name, "member": people[name].pk}], expected=5, present=5,
            issued=5, returned=5, status=RoundStatus.CLOSED, confirmed_by="李明",
            closed_at=timezone.now(),
            outcome=outcome(
                returned=5, valid=5, invalid=0, yes=[[name, yes]], no={},
                abstain={name: 5 - yes}, base_size=5, threshold=3, elected=[name],
            ),
        )  # fmt: skip
        Elected.objects.create(
            renewal=renewal,
            body=body,
            member=people[name],
            name=name,
            votes=yes,
            round=won,
            duty=body,
        )
    renewal.refresh_from_db()
    return renewal


def test_meeting_notice_gives_the_meeting_and_the_formal_candidates(voted):
    text = text_of(build_pdf(voted, DocumentKind.MEETING_NOTICE))
    assert "关于召开党员大会进行换届选举的通知" in text
    assert "上午9时30分" in text
    assert "机关三楼会议室" in text
    assert "主持人：赵磊" in text
    assert "委员五名" in text
    assert "正式候选人六名" in text
    assert "王芳、刘洋、李明、张三、张伟、陈静" in text  # stroke order (R7)
    assert "预备党员列席会议" in text


def test_meeting_notice_before_confirmation_lists_the_approved_candidates(voted):
    voted.nominees.update(formal=False)
    text = text_of(build_pdf(voted, DocumentKind.MEETING_NOTICE))
    assert "候选人预备人选（按姓氏笔画为序）：王芳、刘洋、李明、张三、张伟、陈静" in text
    assert "正式候选人不少于六名" in text


def test_method_is_generated_from_the_rules_and_the_meeting(voted):
    text = text_of(build_pdf(voted, DocumentKind.METHOD))
    assert "换届选举办法" in text
    assert "党员大会通过" in text
    assert "第一条" in text
    assert "差额比例不少于20%" in text
    assert "多于应选名额一名" in text
    assert "应到会有选举权的党员9名" in text
    assert "超过应到会人数的五分之四，即不少于8名" in text  # R5, E=9 strict
    assert "赞成”栏内划“○" in text
    assert "每划一个“×”，至多另选一人" in text  # R8
    assert "空白选票为有效票" in text  # R9
    assert "多于发出的选票数，本轮选举无效" in text
    assert "超过实到会有选举权的党员人数的半数" in text  # R11
    assert "就得票相等的人重新投票" in text  # R12
    assert "另行选举" in text
    assert "委员不得少于3名" in text  # R13
    assert "监票人1名：孙丽" in text
    assert "计票人1名：周强" in text
    assert "第一次全体会议" in text  # R15
    assert "默认规定不同" not in text


def test_method_words_the_settings_that_differ(voted):
    voted.rules = {**voted.rules, "quorum": "lenient", "majority_base": "expected"}
    voted.save(update_fields=["rules"])
    text = text_of(build_pdf(voted, DocumentKind.METHOD))
    assert "不少于应到会人数的五分之四，即不少于8名" in text
    assert "超过应到会有选举权的党员人数的半数" in text
    assert "默认规定不同" in text
    assert "到会人数要求：不少于五分之四" in text


def test_tally_sheet_of_a_round_with_a_write_in_and_a_tie(voted):
    first = Round.objects.get(meeting__renewal=voted, meeting__kind="members", number=1)
    text = text_of(build_pdf(voted, DocumentKind.TALLY, round_=first))
    assert "党员大会计票单" in text
    assert "第1轮选举支部委员会委员正式选举" in text
    assert "发出选票8收回选票8" in text
    assert "有效票7无效票1" in text
    assert "1王芳700当选" in text
    assert "6陈静511得票相等，再次投票" in text
    assert "另选他人7赵磊1——未当选" in text
    assert "实到会有选举权的党员人数（8名）的半数，即至少5票" in text
    assert "当选：王芳、刘洋、李明" in text
    assert "张三、张伟、陈静得票相等且均超过半数，须就剩余的2个名额" in text
    assert "监票人孙丽签名" in text
    assert "计票人周强签名" in text


def _votes_rows(html: str) -> str:
    """The body of the votes table (templates/elections/partials/round_votes.html) in `html`."""
    table = html.split('<table class="votes', 1)[1]
    return table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_round_page_shows_the_votes_the_tally_sheet_prints(client, users, voted):
    """The round page and the tally sheet print the same rows from the same sheet: every
    candidate with yes, no, abstain and the result, then the write-ins (R17)."""
    first = Round.objects.get(meeting__renewal=voted, meeting__kind="members", number=1)
    client.force_login(users["secretary"])
    page = client.get(reverse("elections:round_detail", args=[voted.pk, first.pk]))
    assert page.status_code == 200
    assert page.context["sheet"] == round_sheet(first)
    template, context = tally(voted, round_=first)
    printed = _votes_rows(render_to_string(template, context))
    assert _votes_rows(page.content.decode()) == printed
    assert "另选他人" in printed
    assert "得票相等，再次投票" in printed


def test_tally_sheet_of_a_void_round_and_of_differing_readings(voted):
    first = Round.objects.get(meeting__renewal=voted, meeting__kind="members", number=1)
    first.outcome = {**first.outcome, "readings_differ": True}
    text = text_of(build_pdf(voted, DocumentKind.TALLY, round_=first))
    assert "按实到会有选举权的党员人数和按应到会有选举权的党员人数计算半数，选举结果不同" in text
    members = first.meeting
    void = Round.objects.create(
        meeting=members, number=3, body=Body.COMMITTEE, kind=RoundKind.SUPPLEMENTARY, seats=1,
        candidates=[{"name": "陈静", "member": None}], expected=9, present=8, issued=8,
        returned=9, status=RoundStatus.CLOSED, confirmed_by="",
        outcome=outcome(returned=9, valid=0, invalid=0, yes=[["陈静", 0]], base_size=8,
                        threshold=5, elected=[], unfilled=1, void=True),
    )  # fmt: skip
    text = text_of(build_pdf(voted, DocumentKind.TALLY, round_=void))
    assert "收回选票9张，多于发出的8张，本轮选举无效，须重新投票" in text
    assert "当选：" not in text


def test_result_report_has_every_candidate_every_round_and_the_duties(voted):
    text = text_of(build_pdf(voted, DocumentKind.RESULT_REPORT))
    assert "关于换届选举结果的报告" in text
    assert "机关党委：" in text
    assert "应到会有选举权的党员9名，实到会有选举权的党员8名" in text
    assert "监票人孙丽、计票人周强" in text
    assert "陈静511得票相等，再次投票" in text  # not elected in round 1, still reported
    assert "陈静431未当选" in text  # the run-off
    assert "赵磊1——未当选" in text  # the write-in
    assert "第2轮选举支部委员会委员再次投票（得票相等）" in text
    assert "支部委员会第一次全体会议选举情况" in text
    assert "第1轮选举书记正式选举" in text
    assert "应到会委员5名，实到会委员5名" in text
    assert "监票人李明" in text
    assert "王芳当选为书记，刘洋当选为副书记" in text
    assert "组织委员李明6" in text
    assert "纪检委员张伟5" in text
    assert "本次选举执行的规则均为默认规定" in text
    assert "以上报告，请审批" in text


def test_result_reply_approves_the_leaders_and_records_the_committee(voted):
    text = text_of(build_pdf(voted, DocumentKind.RESULT_REPLY))
    assert "关于第一党支部换届选举结果的批复" in text
    assert "同意王芳任中共第一党支部书记，刘洋任副书记" in text
    assert "第3届委员会委员王芳、刘洋、李明、张三、张伟（按姓氏笔画为序），予以备案" in text
    assert "任期三年" in text
    voted.rules = {**voted.rules, "committee_approval": "approve"}
    voted.save(update_fields=["rules"])
    text = text_of(build_pdf(voted, DocumentKind.RESULT_REPLY))
    assert "同意王芳、刘洋、李明、张三、张伟（按姓氏笔画为序）为中共第一党支部第3届" in text


def test_summary_has_the_text_the_handover_and_the_new_committee(voted):
    voted.summary = "本次换届工作严格按照程序进行。\n选举结果已获批复。"
    voted.handover = [
        {"item": "seals", "handed_by": "张三", "received_by": "王芳", "note": "公章一枚"},
        {"item": "funds", "handed_by": "张三", "received_by": "李明", "note": ""},
    ]
    voted.save(update_fields=["summary", "handover"])
    text = text_of(build_pdf(voted, DocumentKind.SUMMARY))
    assert "换届工作总结及工作交接清单" in text
    assert "本次换届工作严格按照程序进行。" in text
    assert "1印章张三王芳公章一枚" in text
    assert "3党费及经费账目张三李明" in text
    assert "入党申请人、积极分子及发展对象材料" in text
    assert "1书记王芳7" in text
    assert "5纪检委员张伟5" in text


def test_attendance_register_lists_probationary_members_apart(voted):
    text = text_of(attendance_pdf(voted))
    assert "党员大会签到表" in text
    voters, _sep, guests = text.partition("列席（预备党员）")
    assert "王芳" in voters
    assert "钱多多" not in voters
    assert "钱多多" in guests
    assert "应到会有选举权的党员9名" in guests


def test_count_workbook_has_the_figures_and_is_reproducible(voted):
    from openpyxl import load_workbook

    data = count_workbook(voted)
    assert count_workbook(voted) == data
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["汇总", "党员大会第1轮", "党员大会第2轮", "第一次全体会议第1轮",
                             "第一次全体会议第2轮"]  # fmt: skip
    summary = [[c for c in row if c is not None] for row in wb["汇总"].iter_rows(values_only=True)]
    assert ["应到会有选举权的党员", 9] in summary
    assert ["实到会有选举权的党员", 8] in summary
    assert ["支部委员会委员", "王芳", 7, "党员大会第1轮", "书记"] in summary
    assert ["书记", "王芳", 5, "第一次全体会议第1轮", "书记"] in summary
    rows = [list(r) for r in wb["党员大会第1轮"].iter_rows(values_only=True)]
    assert ["有效票", 7, None, None, None, None, None] in rows
    assert [6, "陈静", "候选人", 5, 1, 1, "得票相等，再次投票"] in rows
    assert [7, "赵磊", "另选他人", 1, None, None, "未当选"] in rows
    assert ["当选至少须得赞成票", 5, None, None, None, None, None] in rows


def test_documents_of_a_branch_without_committee(planned):
    """R3: under 7 full members the members' meeting elects the secretary directly."""
    renewal = planned
    renewal.secretary_only, renewal.seats, renewal.elect_deputy = True, None, False
    renewal.phase = "vote"
    renewal.save(update_fields=["secretary_only", "seats", "elect_deputy", "phase"])
    people = list(Member.objects.filter(branch=renewal.branch, status="full").order_by("pk"))
    for member in people[:2]:
        Nominee.objects.create(
            renewal=renewal, member=member, on_list=True, approved=True, formal=True
        )
    meeting = Meeting.objects.create(
        renewal=renewal, kind=MeetingKind.MEMBERS, held_on=timezone.localdate(), place="活动室"
    )
    meeting.scrutineers.set([people[3]])
    names = domain.sort_by_strokes([m.name for m in people[:2]])
    won = Round.objects.create(
        meeting=meeting, number=1, body=Body.SECRETARY, kind=RoundKind.FIRST, seats=1,
        candidates=[{"name": n, "member": None} for n in names], expected=9, present=9,
        issued=9, returned=9, status=RoundStatus.CLOSED, confirmed_by=people[3].name,
        outcome=outcome(returned=9, valid=9, invalid=0, yes=[[names[0], 7], [names[1], 2]],
                        base_size=9, threshold=5, elected=[names[0]]),
    )  # fmt: skip
    Elected.objects.create(
        renewal=renewal, body=Body.SECRETARY, name=names[0], votes=7, round=won, duty="secretary"
    )
    notice = text_of(build_pdf(renewal, DocumentKind.MEETING_NOTICE))
    assert "由党员大会直接选举产生支部书记" in notice
    assert "委员会委员" not in notice
    method = text_of(build_pdf(renewal, DocumentKind.METHOD))
    assert "不设支部委员会，由党员大会直接选举产生支部书记" in method
    assert "委员不得少于3名" not in method
    report = text_of(build_pdf(renewal, DocumentKind.RESULT_REPORT))
    assert f"{names[0]}当选为书记" in report
    assert f"{names[1]}200未当选" in report  # R17: the candidate not elected too
    reply = text_of(build_pdf(renewal, DocumentKind.RESULT_REPLY))
    assert f"同意{names[0]}任中共第一党支部书记" in reply
    assert "予以备案" not in reply
    assert "新任书记任期三年" in reply
    summary = text_of(build_pdf(renewal, DocumentKind.SUMMARY))
    assert f"书记{names[0]}7" in summary


def test_count_workbook_writes_formula_like_text_as_text(voted):
    """Issue 12: names and places typed by users cannot become formulas in the count workbook."""
    place, name = '=HYPERLINK("http://evil.example","会议室")', "=cmd|' /C calc'!A0"
    Meeting.objects.filter(renewal=voted, kind=MeetingKind.MEMBERS).update(place=place)
    elected = Elected.objects.filter(renewal=voted).order_by("pk").first()
    elected.name = name
    elected.save(update_fields=["name"])
    Round.objects.filter(meeting__renewal=voted).update(confirmed_by="@SUM(A1)")
    data = count_workbook(voted)
    assert formula_cells(data) == []
    assert {place, name, "@SUM(A1)", 9} <= set(values_of(data))  # and the figures stay numbers
    assert count_workbook(voted) == data  # still reproducible
