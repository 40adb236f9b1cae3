"""The stored record is in Chinese whatever the user's language (issue 10): audit summaries are
written in the project's language, so the renewal's history and the archive's audit CSV never
mix languages. Refusals (ValidationError) stay in the user's language."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from branches.models import AuditEvent, OrganisationKind
from branches.official import official_text
from branches.services import organisation_create
from elections import demo
from elections.documents.archive import audit_csv
from elections.models import MeetingKind, Renewal
from elections.selectors.meeting import figures, meeting_of
from elections.services import meeting, prepare, rounds
from elections.services.rules import rule_profile_save
from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import member_import
from members.services import member_create
from tests.conftest import make_member, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"[A-Za-z]{3,}")
#: Names that are the same in every language.
PROPER = ("Excel",)

pytestmark = pytest.mark.skipif(
    not (ROOT / "locale/en/LC_MESSAGES/django.mo").exists(),
    reason="the English catalogue is compiled by `make setup` (needs gettext's msgfmt)",
)


def english_words(text: str) -> list[str]:
    for name in PROPER:
        text = text.replace(name, "")
    return ENGLISH.findall(text)


def test_official_text_is_chinese_in_an_english_session(renewal):
    with translation.override("en"):
        assert gettext("大会通过选举办法") != "大会通过选举办法"  # English is active
        text = official_text(
            gettext_lazy("修改%(m)s信息：%(d)s %(p)s"),
            m=MeetingKind.MEMBERS.label,  # a lazy choice label
            d=renewal,  # a model whose __str__ translates
            p=renewal.get_phase_display,  # called inside the switch
        )
        assert translation.get_language() == "en"
    assert not english_words(text), text
    assert text.startswith("修改党员大会信息：")


def _import_sheet(branch) -> bytes:
    values = {
        "支部代码": branch.code, "姓名": "赵导入", "性别": "男", "民族": "汉族", "出生日期": "",
        "学历": "大学本科", "联系电话": "13800000000",
        "身份证号": make_id_number("110105", date(1985, 3, 4), 11), "入党日期": "2010-07-01",
        "转正日期": "2011-07-01", "党员类别": "正式党员", "权利状态": "正常", "留党察看期满": "",
    }  # fmt: skip
    header = [c.header for c in COLUMNS]
    return xlsx_bytes([[values[h] for h in header]], header)


def test_services_in_an_english_session_store_chinese_summaries(users, tree, renewal):
    """Regression: an English session stored "Round 1 …: ballot 3 keyed" beside Chinese ones."""
    secretary, approver = users["secretary"], users["approver"]
    first = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with translation.override("en"):
        planned = demo.plan(renewal, actor=secretary)
        recommending = demo.submit_request(planned, actor=secretary, approver=approver)
        demo.hold_recommendation(recommending, actor=secretary, votes=[8] * 7, present=9)
        voting = demo.to_vote(
            demo.vet_list(recommending, actor=secretary, approver=approver), actor=secretary
        )
        demo.prepare_meeting(voting, actor=secretary)
        demo.attend(voting, actor=secretary)
        someone = voting.branch.members.order_by("pk").first()
        meeting.attendance_set(
            actor=secretary, renewal=voting, kind=MeetingKind.MEMBERS, member=someone,
            present=False,
        )  # fmt: skip
        round_ = rounds.round_open(
            actor=secretary, renewal=voting, kind=MeetingKind.MEMBERS,
            issued=figures(meeting_of(voting)).present,
        )  # fmt: skip
        rounds.round_record_returned(actor=secretary, round_=round_, returned=2, mode="ballots")
        marks = dict.fromkeys(round_.names, "abstain")
        entry = rounds.ballot_save(actor=secretary, round_=round_, marks=marks, write_ins=[])
        rounds.ballot_save(actor=secretary, round_=round_, marks=marks, write_ins=[], entry=entry)
        rounds.ballot_delete(actor=secretary, entry=entry)
        # A refusal is still in the user's language.
        with pytest.raises(ValidationError) as refused:
            prepare.renewal_cancel(actor=users["approver"], renewal=voting, reason="")
        assert english_words(" ".join(refused.value.messages))
        member_create(
            actor=users["staff"], branch=tree["b2"], name="钱新增", gender="female",
            birth_date=date(1990, 1, 1), id_number=make_id_number("320102", date(1990, 1, 1), 7),
            joined_on=date(2015, 7, 1), full_member_on=date(2016, 7, 1), status="full",
        )  # fmt: skip
        imported = member_import(
            source=io.BytesIO(_import_sheet(tree["b2"])), scope=tree["a"], actor=users["staff"]
        )
        assert imported.created == 1, imported.errors
        organisation_create(
            actor=users["admin"], parent=tree["a"], kind=OrganisationKind.BRANCH, code="B9",
            name="第九党支部", category="organ",
        )  # fmt: skip
        rule_profile_save(actor=users["admin"], organisation=tree["root"], quorum="lenient")
    events = list(AuditEvent.objects.filter(pk__gt=first).order_by("pk"))
    actions = {e.action for e in events}
    expected = {"approve_request", "ballot_save", "ballot_delete", "attendance_set"}
    expected |= {"member_create", "member_import", "organisation_create", "rule_profile_save"}
    assert expected <= actions, expected - actions
    english = {e.action: e.summary for e in events if english_words(e.summary)}
    assert not english
    assert all(re.search(r"[\u4e00-\u9fff]", e.summary) for e in events)

    table = list(csv.reader(io.StringIO(audit_csv(Renewal.objects.get(pk=renewal.pk)).decode())))
    header = [cell.lstrip("\ufeff") for cell in table[0]]
    assert all(cell and not english_words(cell) for cell in header), header
    summaries = [row[header.index("摘要")] for row in table[1:]]
    assert any("张选票" in text for text in summaries)
    assert not [text for text in summaries if english_words(text)]


def test_an_adjournment_and_an_admin_edit_in_english_are_recorded_in_chinese(
    client, users, tree, voting
):
    demo.prepare_meeting(voting, actor=users["secretary"])
    days = voting.ruleset().meeting_notice_days
    with translation.override("en"):
        meeting.meeting_adjourn(
            actor=users["secretary"], renewal=voting,
            held_on=timezone.localdate() + timedelta(days=days + 1), reason="到会人数不足",
        )  # fmt: skip
    client.force_login(users["admin"])
    client.cookies["django_language"] = "en"
    url = reverse("admin:members_member_delete", args=[make_member(tree["b2"], name="吴十").pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    events = AuditEvent.objects.filter(action__in=["meeting_adjourn", "admin_delete"])
    assert {e.action for e in events} == {"meeting_adjourn", "admin_delete"}
    assert not {e.action: e.summary for e in events if english_words(e.summary)}
    assert AuditEvent.objects.get(action="admin_delete").summary.startswith("管理后台删除党员")
