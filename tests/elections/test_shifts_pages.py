"""Issue 14 item 6 on the pages: the dashboard's due and overdue lists count approved delays and
early renewals, the queues of the superior and of the branch, the request form, the decision page
and the organisation page; the effective due date in one query for any number of branches."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.figures import refresh_renewal_due
from branches.models import Organisation, Term
from elections.models import RenewalShift, ShiftStatus
from elections.selectors.dashboard import inbox_count, inbox_for
from elections.selectors.shifts import effective_due_dates
from elections.services.shifts import renewal_shift_decide
from tests.conftest import grow
from tests.shift_helpers import ask, term_ends_in, today

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("elections_dashboard:dashboard")


def text(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def sections(client, user) -> dict[str, str]:
    """The dashboard's overdue and due sections' HTML."""
    page = text(client, user, DASHBOARD)
    overdue = page.split('id="due-overdue"', 1)[1].split('id="due-due"', 1)[0]
    return {"overdue": overdue, "due": page.split('id="due-due"', 1)[1]}


def test_an_approved_delay_takes_the_branch_off_the_overdue_list(client, users, tree):
    term_ends_in(tree["b1"], -10)
    assert "第一党支部" in sections(client, users["staff"])["overdue"]
    shift = ask(users["secretary"], tree["b1"], days=45)
    assert "第一党支部" in sections(client, users["staff"])["overdue"]  # asking is not enough
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    found = sections(client, users["staff"])
    assert "第一党支部" not in found["overdue"]
    assert "第一党支部" in found["due"]
    assert f"已批准延期至{shift.new_date:%Y-%m-%d}" in found["due"]
    assert "没有超期未换届的党组织。" in found["overdue"]


def test_an_approved_delay_longer_than_the_window_leaves_both_lists(client, users, tree):
    term_ends_in(tree["b1"], -10)
    shift = ask(users["secretary"], tree["b1"], days=200)
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    found = sections(client, users["staff"])
    assert "第一党支部" not in found["overdue"] + found["due"]


def test_an_approved_early_renewal_shows_as_due(client, users, tree):
    term_ends_in(tree["b1"], 300)
    assert "第一党支部" not in sections(client, users["staff"])["due"]
    shift = ask(users["secretary"], tree["b1"], kind="early", days=30)
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    due = sections(client, users["staff"])["due"]
    assert "第一党支部" in due
    assert f"已批准提前至{shift.new_date:%Y-%m-%d}" in due


def test_a_delay_of_a_closed_term_no_longer_counts(users, tree):
    """The next term starts afresh: an approval belongs to the term it was asked for."""
    term = term_ends_in(tree["b1"], -10)
    shift = ask(users["secretary"], tree["b1"], days=45)
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    Term.objects.filter(pk=term.pk).update(actual_end=today())
    refresh_renewal_due([term.organisation_id])
    Term.objects.create(
        organisation=tree["b1"], number=3, start_date=today(),
        planned_end=today() + timedelta(days=3 * 365),
    )  # fmt: skip
    due = effective_due_dates([tree["b1"].pk])[tree["b1"].pk]
    assert (due.shift_kind, due.status) == ("", "ok")


def test_the_superior_decides_from_its_queue_and_the_branch_sees_whom_it_waits_for(users, tree):
    term_ends_in(tree["b1"], -10)
    shift = ask(users["secretary"], tree["b1"])
    theirs = [i for i in inbox_for(users["approver"]).items if i.kind == "shift"]
    assert [(i.title, i.url, i.branch) for i in theirs] == [
        ("延期换届申请待审批", shift.get_absolute_url(), tree["b1"])
    ]
    mine = [i for i in inbox_for(users["secretary"]).items if i.kind == "shift_sent"]
    assert [i.title for i in mine] == ["延期换届申请，等待机关党委审批"]
    assert inbox_for(users["secretary"]).counts["shift_sent"] == 1
    assert inbox_count(users["approver"]) == 1
    # Waiting on somebody else is shown, not counted as the branch's own work.
    assert inbox_count(users["secretary"]) == 0
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    users["approver"].__dict__.pop("_huanjie_inbox_count", None)
    assert not [i for i in inbox_for(users["approver"]).items if i.kind == "shift"]


def test_the_dashboard_lists_both_queue_items(client, users, tree):
    term_ends_in(tree["b1"], -10)
    ask(users["secretary"], tree["b1"])
    assert "延期换届申请待审批" in text(client, users["approver"], DASHBOARD)
    assert "延期换届申请，等待机关党委审批" in text(client, users["secretary"], DASHBOARD)


def _approve_some(branches: list[int], users) -> None:
    """Approved delays for every other grown branch, written directly (as a past would be)."""
    now = timezone.now()
    terms = dict(
        Term.objects.filter(organisation_id__in=branches).values_list("organisation", "pk")
    )
    RenewalShift.objects.bulk_create(
        RenewalShift(
            kind="delay", branch_id=pk, term_id=terms[pk], due_date=today() + timedelta(days=10),
            new_date=today() + timedelta(days=100), reason="r", status=ShiftStatus.APPROVED,
            requested_by=users["secretary"], decided_by=users["approver"], decided_at=now,
        )
        for pk in branches[::2]
    )  # fmt: skip


def test_effective_due_dates_is_one_query_for_10_and_2000_branches(users, tree):
    grow(tree, 10, 0)
    ids = list(Organisation.objects.filter(code__startswith="N").values_list("pk", flat=True))
    _approve_some(ids, users)
    with CaptureQueriesContext(connection) as small:
        found = effective_due_dates(ids)
    assert len(found) == 10
    assert sum(1 for d in found.values() if d.shifted) == 5
    grow(tree, 1990, 0)
    ids = list(Organisation.objects.filter(code__startswith="N").values_list("pk", flat=True))
    _approve_some(ids[10:], users)
    with CaptureQueriesContext(connection) as large:
        found = effective_due_dates(ids)
    assert len(found) == 2000
    assert len(small.captured_queries) == len(large.captured_queries) == 1
    # A queryset of ids stays a subquery: still one query.
    with CaptureQueriesContext(connection) as by_query:
        assert (
            len(effective_due_dates(Organisation.objects.filter(pk__in=ids).values("pk"))) == 2000
        )
    assert len(by_query.captured_queries) == 1


def test_the_request_form_shows_chinese_errors_and_keeps_what_was_typed(client, users, tree):
    term_ends_in(tree["b1"], 30)
    url = reverse("elections:shift_request", args=[tree["b1"].pk])
    assert "申请延期或提前换届" in text(client, users["secretary"], url)
    client.force_login(users["secretary"])
    past = today() - timedelta(days=3)
    response = client.post(url, {"kind": "early", "new_date": past.isoformat(), "reason": "换届"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "换届时间：不能早于今天" in page
    assert f'value="{past:%Y-%m-%d}"' in page
    response = client.post(url, {"kind": "", "new_date": "", "reason": ""})
    page = html.unescape(response.content.decode())
    for message in ("请选择延期换届或提前换届。", "请填写新的换届时间。", "请填写申请理由。"):
        assert message in page
    assert not RenewalShift.objects.exists()
    new = today() + timedelta(days=60)
    response = client.post(url, {"kind": "delay", "new_date": new.isoformat(), "reason": "换届"})
    shift = RenewalShift.objects.get()
    assert response["Location"] == shift.get_absolute_url()
    page = text(client, users["secretary"], url)
    assert "已有一项延期换届申请正在等待机关党委审批。" in page


def test_the_decision_page_re_renders_a_refusal_without_reason(client, users, tree):
    term_ends_in(tree["b1"], -5)
    shift = ask(users["secretary"], tree["b1"])
    page = text(client, users["approver"], shift.get_absolute_url())
    assert "提交审批意见" in page
    assert "等待机关党委审批。" in page
    assert "提交审批意见" not in text(client, users["secretary"], shift.get_absolute_url())
    client.force_login(users["approver"])
    url = reverse("elections:shift_decide", args=[shift.pk])
    response = client.post(url, {"decision": "refuse", "note": ""})
    assert response.status_code == 200
    assert "不批准时请填写理由。" in html.unescape(response.content.decode())
    response = client.post(url, {"decision": "approve", "note": "同意延期"})
    assert response["Location"] == shift.get_absolute_url()
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.APPROVED


def test_the_organisation_page_shows_the_history_and_the_approved_date(client, users, tree):
    term_ends_in(tree["b1"], -5)
    refused = ask(users["secretary"], tree["b1"], days=300)
    renewal_shift_decide(actor=users["approver"], shift=refused, approve=False, note="太久")
    shift = ask(users["secretary"], tree["b1"], days=40)
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    page = text(client, users["viewer"], tree["b1"].get_absolute_url())
    assert f"已批准延期至{shift.new_date:%Y-%m-%d}" in page
    assert "未批准" in page
    assert "已批准" in page
    assert "申请延期或提前换届" not in page  # a viewer may not ask
    assert "申请延期或提前换届" in text(client, users["secretary"], tree["b1"].get_absolute_url())


def test_the_organisation_list_and_home_page_agree_with_the_dashboard(client, users, tree):
    """The dashboard's figures link to the organisation list filtered by due: both count an
    approved delay the same way."""
    term_ends_in(tree["b1"], -10)
    overdue = reverse("branches:organisation_list") + "?due=overdue"
    due = reverse("branches:organisation_list") + "?due=due"
    assert "第一党支部" in text(client, users["staff"], overdue)
    shift = ask(users["secretary"], tree["b1"], days=45)
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    assert "第一党支部" not in text(client, users["staff"], overdue)
    listed = text(client, users["staff"], due)
    assert "第一党支部" in listed
    assert "已批准延期" in listed
    home = text(client, users["staff"], reverse("home"))
    assert f"{shift.new_date:%Y-%m-%d}" in home
    assert "已批准延期" in home
