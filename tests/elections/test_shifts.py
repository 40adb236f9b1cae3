"""Issue 14 item 6: delay and early renewal (延期/提前换届) through the services: who may ask and
decide, the one-year limit and the other refusals, withdrawal, audit and mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from branches.models import AuditEvent, Role, RoleKind, Term
from elections.models import RenewalShift, ShiftStatus
from elections.selectors.audit import ACTION_LABELS
from elections.selectors.shifts import current_due
from elections.services.shifts import (
    renewal_shift_decide,
    renewal_shift_request,
    renewal_shift_withdraw,
)
from tests.shift_helpers import ask, term_ends_in, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(tree):
    """第一党支部's term ended 10 days ago."""
    return term_ends_in(tree["b1"], -10)


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


@pytest.mark.parametrize("who", ["secretary", "staff", "admin"])
def test_the_branch_asks_for_a_delay(users, tree, overdue, who):
    shift = ask(users[who], tree["b1"], days=60)
    assert shift.status == ShiftStatus.PENDING
    assert (shift.kind, shift.term, shift.due_date) == ("delay", overdue, overdue.planned_end)
    assert shift.new_date == today() + timedelta(days=60)
    assert shift.requested_by == users[who]
    event = AuditEvent.objects.get(action="renewal_shift_request")
    assert (event.organisation, event.target_id) == (tree["b1"], str(shift.pk))
    assert "申请延期换届" in event.summary
    assert "renewal_shift_request" in ACTION_LABELS
    # Asking moves nothing: the term keeps its end and the branch is still overdue.
    assert current_due(tree["b1"]).status == "overdue"
    assert Term.objects.get(pk=overdue.pk).planned_end == overdue.planned_end


@pytest.mark.parametrize("who", ["approver", "viewer", "outsider", "norole"])
def test_only_the_branch_and_the_staff_above_it_may_ask(users, tree, overdue, who):
    with pytest.raises(PermissionDenied):
        ask(users[who], tree["b1"])
    assert not RenewalShift.objects.exists()
    assert not AuditEvent.objects.filter(action="renewal_shift_request").exists()


def test_approved_delay_moves_the_due_date_and_is_audited(users, tree, overdue):
    shift = ask(users["secretary"], tree["b1"], days=60)
    decided = renewal_shift_decide(actor=users["approver"], shift=shift, approve=True, note="同意")
    assert decided.status == ShiftStatus.APPROVED
    assert decided.decided_by == users["approver"]
    assert decided.decision_note == "同意"
    due = current_due(tree["b1"])
    assert (due.due, due.status, due.shift_kind) == (shift.new_date, "due", "delay")
    assert due.label == f"已批准延期至{shift.new_date:%Y-%m-%d}"
    assert Term.objects.get(pk=overdue.pk).planned_end == overdue.planned_end
    event = AuditEvent.objects.get(action="renewal_shift_decide")
    assert event.summary.startswith("批准延期换届")


def test_a_refusal_needs_a_reason_and_leaves_the_date(users, tree, overdue):
    shift = ask(users["secretary"], tree["b1"])
    with pytest.raises(ValidationError) as refused:
        renewal_shift_decide(actor=users["approver"], shift=shift, approve=False, note=" ")
    assert _messages(refused.value) == {"note": ["不批准时请填写理由。"]}
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=False, note="理由不充分")
    shift.refresh_from_db()
    assert (shift.status, shift.decision_note) == (ShiftStatus.REFUSED, "理由不充分")
    assert current_due(tree["b1"]).status == "overdue"
    assert AuditEvent.objects.get(action="renewal_shift_decide").summary.startswith("不批准")


def test_the_one_year_limit(users, tree):
    end = term_ends_in(tree["b1"], 30).planned_end
    with pytest.raises(ValidationError) as refused:
        ask(users["secretary"], tree["b1"], days=30 + 400)
    assert _messages(refused.value) == {
        "new_date": [
            f"换届时间：延期或提前换届不得超过1年（本届任期{end.year}年{end.month}月{end.day}日届满）"
        ]
    }
    assert not RenewalShift.objects.exists()


def test_a_delay_must_move_later(users, tree):
    term_ends_in(tree["b1"], 30)
    with pytest.raises(ValidationError) as refused:
        ask(users["secretary"], tree["b1"], kind="delay", days=20)
    assert list(_messages(refused.value)) == ["new_date"]
    assert "延期换届：新的换届时间应晚于原定的" in _messages(refused.value)["new_date"][0]


def test_an_early_renewal_in_the_past_is_refused(users, tree):
    term_ends_in(tree["b1"], 30)
    with pytest.raises(ValidationError) as refused:
        ask(users["secretary"], tree["b1"], kind="early", days=-1)
    assert ["换届时间：不能早于今天" in m for m in _messages(refused.value)["new_date"]] == [True]


def test_an_approved_early_renewal_shows_as_due(users, tree):
    term_ends_in(tree["b1"], 200)
    assert current_due(tree["b1"]).status == "ok"
    shift = ask(users["secretary"], tree["b1"], kind="early", days=20)
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    due = current_due(tree["b1"])
    assert (due.status, due.shift_kind, due.due) == ("due", "early", shift.new_date)
    assert due.label.startswith("已批准提前至")


def test_one_pending_request_per_branch(users, tree, overdue):
    ask(users["secretary"], tree["b1"])
    with pytest.raises(ValidationError) as refused:
        ask(users["staff"], tree["b1"], days=90)
    assert "已有一项申请正在等待上级审批" in refused.value.messages[0]
    # The database holds the rule as well.
    first = RenewalShift.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalShift.objects.create(
            kind="delay", branch=tree["b1"], term=overdue, due_date=first.due_date,
            new_date=first.new_date, reason="再次",
        )  # fmt: skip


def test_after_a_decision_the_branch_may_ask_again_within_the_same_year(users, tree, overdue):
    first = ask(users["secretary"], tree["b1"], days=60)
    renewal_shift_decide(actor=users["approver"], shift=first, approve=True)
    second = ask(users["secretary"], tree["b1"], days=120)
    assert second.due_date == first.new_date  # asked from the date the first approval set
    renewal_shift_decide(actor=users["approver"], shift=second, approve=True)
    assert current_due(tree["b1"]).due == second.new_date
    # Together still at most a year after the term's end.
    with pytest.raises(ValidationError):
        ask(users["secretary"], tree["b1"], days=400)


@pytest.mark.parametrize("who", ["secretary", "staff", "viewer", "outsider", "norole"])
def test_only_an_approver_above_the_branch_decides(users, tree, overdue, who):
    shift = ask(users["secretary"], tree["b1"])
    with pytest.raises(PermissionDenied):
        renewal_shift_decide(actor=users[who], shift=shift, approve=True)
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.PENDING


def test_an_approver_of_the_branch_itself_or_of_another_committee_cannot_decide(
    users, tree, overdue
):
    """As for approvals, a branch's request is decided strictly above it."""
    shift = ask(users["secretary"], tree["b1"])
    for key, code in (("b1", "own"), ("other", "elsewhere")):
        user = get_user_model().objects.create_user(username=code)
        Role.objects.create(user=user, organisation=tree[key], role=RoleKind.APPROVER)
        with pytest.raises(PermissionDenied):
            renewal_shift_decide(actor=user, shift=shift, approve=True)
    root_approver = get_user_model().objects.create_user(username="root")
    Role.objects.create(user=root_approver, organisation=tree["root"], role=RoleKind.APPROVER)
    assert renewal_shift_decide(actor=root_approver, shift=shift, approve=True).status == (
        ShiftStatus.APPROVED
    )


def test_a_decided_request_is_not_decided_again_nor_withdrawn(users, tree, overdue):
    shift = ask(users["secretary"], tree["b1"])
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    with pytest.raises(ValidationError):
        renewal_shift_decide(actor=users["approver"], shift=shift, approve=False, note="改主意")
    with pytest.raises(ValidationError):
        renewal_shift_withdraw(actor=users["secretary"], shift=shift)
    assert RenewalShift.objects.get().status == ShiftStatus.APPROVED


def test_the_branch_withdraws_a_pending_request(users, tree, overdue):
    shift = ask(users["secretary"], tree["b1"])
    with pytest.raises(PermissionDenied):
        renewal_shift_withdraw(actor=users["approver"], shift=shift)
    withdrawn = renewal_shift_withdraw(actor=users["secretary"], shift=shift)
    assert withdrawn.status == ShiftStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="renewal_shift_withdraw").count() == 1
    assert ask(users["secretary"], tree["b1"]).status == ShiftStatus.PENDING  # may ask again


def test_no_request_without_an_open_term_or_a_superior(users, tree):
    with pytest.raises(ValidationError) as refused:
        ask(users["staff"], tree["b2"])  # 第二党支部 has no term recorded
    assert refused.value.messages == ["尚未登记本届任期，无法申请延期或提前换届。"]
    Term.objects.create(
        organisation=tree["root"], number=1, start_date=today() - timedelta(days=900),
        planned_end=today() + timedelta(days=10),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        ask(users["admin"], tree["root"])
    assert refused.value.messages == ["没有上级组织，无法申请延期或提前换届。"]


def test_kind_and_reason_are_required(users, tree, overdue):
    with pytest.raises(ValidationError) as refused:
        ask(users["secretary"], tree["b1"], reason="  ")
    assert _messages(refused.value) == {"reason": ["请填写申请理由。"]}
    with pytest.raises(ValidationError):
        renewal_shift_request(
            actor=users["secretary"], branch=tree["b1"], kind="later", new_date=today(), reason="x"
        )


def test_the_superior_and_then_the_branch_are_mailed(
    users, tree, overdue, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "https://huanjie.example.org"
    for name in ("secretary", "staff", "approver"):
        users[name].email = f"{name}@example.org"
        users[name].save()
    with django_capture_on_commit_callbacks(execute=True):
        shift = ask(users["secretary"], tree["b1"])
    assert [m.to for m in mail.outbox] == [["approver@example.org"]]
    assert "第一党支部申请延期换届，待审批" in mail.outbox[0].subject
    assert f"https://huanjie.example.org/renewals/shifts/{shift.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        renewal_shift_decide(actor=users["approver"], shift=shift, approve=False, note="不同意")
    assert sorted(m.to[0] for m in mail.outbox) == ["secretary@example.org", "staff@example.org"]
    assert "未批准" in mail.outbox[0].subject
