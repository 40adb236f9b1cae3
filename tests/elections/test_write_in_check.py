"""A person elected as a write-in was never vetted nor publicised: flagged on the result page, in
the result report and in the approver's queue; the result is approved only after the superior
records a check of that person's eligibility (issue 10, defect 5)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from branches.models import AuditEvent
from elections import demo
from elections.documents.approve import result_report
from elections.models import Body, Elected, Phase
from elections.selectors.count import write_in_names
from elections.selectors.dashboard import inbox_for
from elections.selectors.meeting import figures, meeting_of
from elections.services.approve import renewal_approve_result, write_in_check
from elections.services.rounds import round_close, round_open, round_record_returned, totals_save
from elections.workflow.machine import TransitionRefused, blockers


def test_a_write_in_elected_at_the_count_is_marked_so(users, voting):
    actor = users["secretary"]
    demo.prepare_meeting(voting, actor=actor)
    demo.attend(voting, actor=actor)
    present = figures(meeting_of(voting)).present
    round_ = round_open(actor=actor, renewal=voting, kind="members", issued=present)
    round_record_returned(actor=actor, round_=round_, returned=present, mode="totals")
    outsider = next(
        n for n in sorted(write_in_names(voting, round_.meeting)) if n not in round_.names
    )
    names = round_.names
    yes = {n: (present if i < round_.seats - 1 else 0) for i, n in enumerate(names)}
    totals_save(
        actor=actor, round_=round_, yes=yes, no={n: present - v for n, v in yes.items()},
        abstain=dict.fromkeys(names, 0), invalid=0, write_ins={outsider: present},
    )  # fmt: skip
    round_close(actor=actor, round_=round_, confirmed_by=round_.meeting.scrutineers.first().name)
    elected = {e.name: e.write_in for e in voting.elected.filter(body=Body.COMMITTEE)}
    assert elected[outsider] is True
    assert sum(elected.values()) == 1
    assert len(elected) == round_.seats


@pytest.fixture
def approving(users, voting):
    """The result reported, one of the committee elected as a write-in."""
    demo.prepare_meeting(voting, actor=users["secretary"])
    renewal = demo.hold_meeting(voting, actor=users["secretary"])
    assert renewal.phase == Phase.APPROVE
    written = renewal.elected.filter(body=Body.COMMITTEE).last()
    Elected.objects.filter(pk=written.pk).update(write_in=True)
    return renewal, Elected.objects.get(pk=written.pk)


def test_approval_waits_for_the_eligibility_check(client, users, approving):
    renewal, written = approving
    why = [b.text for b in blockers(renewal, "approve_result")]
    assert any(written.name in text and "资格" in text for text in why)
    with pytest.raises(TransitionRefused):
        renewal_approve_result(actor=users["approver"], renewal=renewal)

    # The approver's queue says so, and the page names the person with the form to fill in.
    item = next(i for i in inbox_for(users["approver"]).items if i.renewal.pk == renewal.pk)
    assert "1 人系另选他人当选" in item.detail
    client.force_login(users["approver"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "另选他人当选，未经考察和公示" in page
    assert reverse("elections:write_in_check", args=[renewal.pk, written.pk]) in page

    url = reverse("elections:write_in_check", args=[renewal.pk, written.pk])
    refused = client.post(url, {"note": ""})
    assert refused.status_code == 200
    assert "这个字段是必填项" in refused.content.decode() or "必填" in refused.content.decode()
    note = "经审查，该同志为本支部正式党员，具有被选举权。"
    assert client.post(url, {"note": note}).status_code == 302
    written.refresh_from_db()
    assert (written.check_note, written.checked_by_name) == (note, users["approver"].username)
    assert written.checked_at is not None
    assert AuditEvent.objects.filter(
        action="write_in_check", summary__contains=written.name
    ).exists()
    assert blockers(renewal, "approve_result") == []

    # The result report says who was written in and what the check found.
    template, context = result_report(renewal)
    text = render_to_string(template, context)
    assert f"{written.name}系另选他人当选" in text
    assert note in text
    renewal = renewal_approve_result(actor=users["approver"], renewal=renewal)
    assert renewal.phase == Phase.ARCHIVE


def test_only_the_approver_records_the_check_and_only_once(client, users, approving):
    renewal, written = approving
    url = reverse("elections:write_in_check", args=[renewal.pk, written.pk])
    client.force_login(users["secretary"])
    assert client.post(url, {"note": "自己审查自己"}).status_code == 404
    written.refresh_from_db()
    assert written.checked_at is None
    write_in_check(actor=users["approver"], elected=written, note="已审查。")
    with pytest.raises(Exception, match="已经登记"):
        write_in_check(actor=users["approver"], elected=written, note="再次审查。")
    candidate = renewal.elected.exclude(pk=written.pk).first()
    client.force_login(users["approver"])
    assert (
        client.post(
            reverse("elections:write_in_check", args=[renewal.pk, candidate.pk]), {"note": "x"}
        ).status_code
        == 404
    )


def test_a_result_awaiting_approval_is_in_the_approvers_queue_and_the_page_names_them(
    client, users, approving
):
    renewal, written = approving
    write_in_check(actor=users["approver"], elected=written, note="已审查。")
    item = next(i for i in inbox_for(users["approver"]).items if i.renewal.pk == renewal.pk)
    assert item.title == "选举结果报告待批复"
    assert item.detail == ""
    assert not any(i.renewal.pk == renewal.pk for i in inbox_for(users["secretary"]).items)
    client.force_login(users["secretary"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert f"等待{renewal.branch.parent.name}审批。" in page
    assert "等待支部提交" not in page
