"""The publicity steps a rule profile may add, both off by default: the notice of the preliminary
list (候选人初步人选公示), whose period must have run before the superior approves the candidates,
and the notice of the new committee (任职公示, N working days), whose period must have run before
the archive is sealed. Both reuse the numbered notices of the candidates' 公示."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from elections import demo, domain
from elections.models import (
    DocumentKind,
    NoticeKind,
    Phase,
    RuleProfile,
    ruleset_from_json,
    ruleset_to_json,
)
from elections.selectors.dashboard import inbox_for
from elections.selectors.rules import preset_values, rules_for
from elections.services import approve, vet
from elections.services.prepare import renewal_open
from elections.services.publicise import notice_publish, objection_resolve, objection_submit
from elections.workflow import TransitionRefused, blockers
from tests.elections.rule_forms import profile_post
from tests.pdf_text import pdftotext


@pytest.fixture
def renewal(users, big_branch, tree):
    """B1's renewal under a profile that asks for both notices (5 working days of 任职公示)."""
    RuleProfile.objects.create(
        organisation=tree["root"], preliminary_notice=True, appointment_notice_days=5
    )
    return renewal_open(actor=users["secretary"], branch=big_branch)


@pytest.fixture
def listed(users, recommending):
    demo.hold_recommendation(recommending, actor=users["secretary"], votes=[8] * 7, present=9)
    return recommending


def texts(renewal, name: str) -> list[str]:
    return [b.text for b in blockers(renewal, name)]


def test_both_are_off_by_default_and_kept_with_the_renewals_rules():
    assert domain.DEFAULT_RULES.preliminary_notice is False
    assert domain.DEFAULT_RULES.appointment_notice_days == 0
    rules = domain.RuleSet(preliminary_notice=True, appointment_notice_days=7)
    assert ruleset_from_json(ruleset_to_json(rules)) == rules
    # Renewals opened before the settings existed read as both off.
    old = ruleset_to_json(domain.DEFAULT_RULES)
    del old["preliminary_notice"], old["appointment_notice_days"]
    assert ruleset_from_json(old) == domain.DEFAULT_RULES


def test_the_profile_form_edits_them(client, users, tree):
    client.force_login(users["staff"])
    url = reverse("elections:rule_profile", args=[tree["a"].pk])
    page = client.get(url).content.decode()
    assert "公示候选人初步人选" in page
    assert "任职公示天数" in page
    data = preset_values("organs") | {"preliminary_notice": True, "appointment_notice_days": 5}
    form = profile_post(data)
    assert client.post(url, form).status_code == 302
    rules = rules_for(tree["b1"])
    assert (rules.preliminary_notice, rules.appointment_notice_days) == (True, 5)
    refused = client.post(url, form | {"appointment_notice_days": 40})
    assert refused.status_code == 200
    assert "appointment_notice_days" in refused.context["form"].errors


def test_the_superior_cannot_approve_a_list_that_was_not_publicised(client, users, listed):
    secretary, approver = users["secretary"], users["approver"]
    items = [i for i in inbox_for(secretary).items if i.renewal.pk == listed.pk]
    assert [i.title for i in items if i.kind == "notice"] == ["候选人初步人选待公示"]
    renewal = demo.recommend.renewal_submit_list(actor=secretary, renewal=listed)
    demo.review(renewal, approver=approver)
    assert "尚未发布候选人初步人选公示。" in texts(renewal, "approve_list")
    with pytest.raises(TransitionRefused):
        vet.renewal_approve_list(actor=approver, renewal=renewal)
    # The page tells the approver whose turn it is: the branch's, to publish.
    client.force_login(approver)
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert f"等待{renewal.branch.name}发布候选人初步人选公示。" in page
    assert "等待" + renewal.branch.parent.name + "审批" not in page

    today = timezone.localdate()
    renewal = notice_publish(
        actor=secretary, renewal=renewal, start=today, kind=NoticeKind.PRELIMINARY,
        phone="0571-87012345", address="组织科",
    )  # fmt: skip
    notice = renewal.notices.get(kind=NoticeKind.PRELIMINARY)
    assert len(notice.people) == 7
    assert f"候选人初步人选公示期至 {notice.end}，公示期满后方可进行下一步。" in texts(
        renewal, "approve_list"
    )
    doc = renewal.documents.get(kind=DocumentKind.PRELIMINARY_NOTICE)
    with doc.file.open("rb") as fh:
        assert "候选人初步人选的公示" in "".join(pdftotext(fh.read()).split())
    renewal = demo.backdate_notice(renewal, 5, kind=NoticeKind.PRELIMINARY)
    renewal = vet.renewal_approve_list(actor=approver, renewal=renewal)
    assert renewal.phase == Phase.PUBLICISE


def test_the_preliminary_notice_is_published_while_the_list_is_drawn(client, users, listed):
    client.force_login(users["secretary"])
    page = client.get(listed.get_absolute_url()).content.decode()
    assert "候选人初步人选公示" in page
    assert 'value="preliminary"' in page
    today = f"{timezone.localdate():%Y-%m-%d}"
    url = reverse("elections:notice_publish", args=[listed.pk])
    data = {"start": today, "phone": "0571-87012345", "address": "组织科", "kind": "preliminary"}
    client.post(url, data)
    assert listed.notices.get().kind == NoticeKind.PRELIMINARY
    public = client.get(reverse("public_notice", args=[listed.public_token])).content.decode()
    assert "候选人初步人选的公示" in public
    assert "提交意见" in public


def test_the_archive_waits_for_the_appointment_notice(client, users, listed):
    secretary, approver = users["secretary"], users["approver"]
    renewal = notice_publish(
        actor=secretary, renewal=listed, start=timezone.localdate(), kind=NoticeKind.PRELIMINARY,
        phone="0571-87012345", address="组织科",
    )  # fmt: skip
    renewal = demo.backdate_notice(renewal, 5, kind=NoticeKind.PRELIMINARY)
    renewal = demo.vet_list(renewal, actor=secretary, approver=approver)
    renewal = demo.to_vote(renewal, actor=secretary)
    demo.prepare_meeting(renewal, actor=secretary)
    renewal = demo.hold_meeting(renewal, actor=secretary)
    renewal = approve.renewal_approve_result(actor=approver, renewal=renewal)
    assert renewal.phase == Phase.ARCHIVE
    items = [i for i in inbox_for(secretary).items if i.renewal.pk == renewal.pk]
    assert [i.title for i in items if i.kind == "notice"] == ["新一届委员会待任职公示"]
    with pytest.raises(TransitionRefused, match="尚未发布任职公示"):
        demo.seal(renewal, actor=secretary)

    today = timezone.localdate()
    renewal = notice_publish(
        actor=secretary, renewal=renewal, start=today, kind=NoticeKind.APPOINTMENT
    )
    notice = renewal.notices.get(kind=NoticeKind.APPOINTMENT)
    assert notice.phone == "0571-87012345"  # carried over from the notices before
    # Five working days: never fewer calendar days than that.
    assert (notice.end - notice.start).days >= 4
    assert notice.end == domain.publicity_last_day(
        today, domain.RuleSet(publicity_days=5, publicity_working_days=True)
    )
    secretary_name = notice.people[0]["name"]
    assert notice.people[0]["post"] == "书记"
    with notice.document.file.open("rb") as fh:
        text = "".join(pdftotext(fh.read()).split())
    assert "任职的公示" in text
    assert secretary_name in text
    public = client.get(reverse("public_notice", args=[renewal.public_token])).content.decode()
    assert "任职的公示" in public
    assert secretary_name in public
    assert any(f"任职公示期至 {notice.end}" in t for t in texts(renewal, "seal")), texts(
        renewal, "seal"
    )

    renewal = demo.backdate_notice(renewal, 15, kind=NoticeKind.APPOINTMENT)
    renewal = demo.seal(renewal, actor=secretary)
    assert renewal.sealed_at is not None
    with renewal.archive.open("rb") as fh:
        names = zipfile.ZipFile(io.BytesIO(fh.read())).namelist()
    assert any("任职公示" in n for n in names), names
    assert any("候选人初步人选公示" in n for n in names), names
    # Sealed: the public link is closed.
    assert client.get(reverse("public_notice", args=[renewal.public_token])).status_code == 404


def test_an_objection_to_the_preliminary_list_reaches_the_approver(users, listed):
    secretary, approver = users["secretary"], users["approver"]
    renewal = notice_publish(
        actor=secretary, renewal=listed, start=timezone.localdate(), kind=NoticeKind.PRELIMINARY,
        phone="0571-87012345", address="组织科",
    )  # fmt: skip
    nominee = renewal.nominees.filter(on_list=True).first()
    objection = objection_submit(renewal=renewal, nominee=nominee, text="意见", address="10.0.0.7")
    assert objection.notice.kind == NoticeKind.PRELIMINARY
    assert any(i.kind == "objection" for i in inbox_for(approver).items)
    renewal = demo.backdate_notice(renewal, 5, kind=NoticeKind.PRELIMINARY)
    renewal = demo.recommend.renewal_submit_list(actor=secretary, renewal=renewal)
    demo.review(renewal, approver=approver)
    assert "有 1 条公示意见尚未处理。" in texts(renewal, "approve_list")
    objection_resolve(actor=approver, objection=objection, outcome="经核实，不影响")
    assert vet.renewal_approve_list(actor=approver, renewal=renewal).phase == Phase.PUBLICISE
