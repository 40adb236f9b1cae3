"""Submitting the request with plan edits not yet saved: the request's button sends the plan form,
so what was typed is saved first (and said so) or, when it has an error, nothing is submitted and
the typing stays on the page. Before, the button posted a form of its own and the edits were
lost."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from branches.models import AuditEvent
from elections.models import DocumentKind, Renewal


def plan_data(renewal: Renewal, **changes) -> dict:
    """The plan form as the page shows it for `renewal`, with `changes` typed over it."""
    data = {
        "seats": renewal.seats,
        "posts": list(renewal.posts),
        "meeting_date": renewal.meeting_date.isoformat(),
        "meeting_place": renewal.meeting_place,
        "work_report": renewal.work_report,
        "then": "submit_request",
    }
    if renewal.elect_deputy:
        data["elect_deputy"] = "on"
    return data | changes


def actions(renewal: Renewal) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="elections.renewal", target_id=str(renewal.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def test_the_request_button_sends_the_plan_form(client, users, planned):
    client.force_login(users["secretary"])
    page = client.get(planned.get_absolute_url()).content.decode()
    assert 'id="plan-form"' in page
    assert 'form="plan-form"' in page
    assert 'name="then"' in page
    assert 'value="submit_request"' in page
    assert reverse("elections:renewal_transition", args=[planned.pk, "submit_request"]) not in page
    assert "尚未保存的修改会先保存" in page


def test_unsaved_plan_edits_are_saved_first_then_the_request_goes(client, users, planned):
    client.force_login(users["secretary"])
    url = reverse("elections:renewal_plan", args=[planned.pk])
    response = client.post(url, plan_data(planned, meeting_place="党群服务中心二楼", seats=3))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.meeting_place == "党群服务中心二楼"
    assert planned.seats == 3
    assert planned.awaiting_approval
    assert planned.documents.filter(kind=DocumentKind.REQUEST).exists()
    assert actions(planned)[-2:] == ["renewal_update_plan", "submit_request"]
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "已先保存换届方案的修改。" in texts
    assert any("提交换届请示" in t for t in texts)


def test_an_unchanged_plan_is_not_saved_again(client, users, planned):
    """A browser sends the report's line breaks as CRLF: not an edit."""
    planned.work_report = "第一段。\n第二段。"
    planned.save(update_fields=["work_report"])
    client.force_login(users["secretary"])
    before = actions(planned).count("renewal_update_plan")
    data = plan_data(planned, work_report="第一段。\r\n第二段。")
    response = client.post(reverse("elections:renewal_plan", args=[planned.pk]), data)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.awaiting_approval
    assert actions(planned).count("renewal_update_plan") == before
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "已先保存换届方案的修改。" not in texts


def test_a_plan_with_an_error_is_not_submitted_and_keeps_the_typing(client, users, planned):
    client.force_login(users["secretary"])
    response = client.post(
        reverse("elections:renewal_plan", args=[planned.pk]),
        plan_data(planned, seats=9, meeting_place="党群服务中心二楼"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "委员名额应为 3 至 7 名" in page
    assert "请示未提交" in page
    assert "党群服务中心二楼" in page
    planned.refresh_from_db()
    assert not planned.awaiting_approval
    assert planned.meeting_place != "党群服务中心二楼"
