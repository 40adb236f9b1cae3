"""The public notice: publishing, objections without an account, withdrawal, and the gate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from elections import demo, domain
from elections.models import DocumentKind, Objection, Phase
from elections.selectors.candidates import notice_candidates
from elections.services.publicise import (
    OBJECTIONS_PER_HOUR,
    candidate_withdraw,
    notice_publish,
    objection_resolve,
    objection_submit,
    renewal_finish_notice,
)
from elections.workflow import TransitionRefused, blockers


def test_publish_sets_the_period_from_the_rules_and_issues_the_pdf(users, publicising):
    today = timezone.localdate()
    renewal = notice_publish(actor=users["secretary"], renewal=publicising, start=today)
    notice = renewal.notices.get()
    assert (notice.number, notice.end) == (1, today + timedelta(days=4))  # first day counts
    assert renewal.documents.filter(kind=DocumentKind.NOTICE).exists()
    assert "公示期至" in " ".join(b.text for b in blockers(renewal, "finish_notice"))


def test_candidates_are_listed_in_stroke_order(users, publicising):
    names = [n.member.name for n in notice_candidates(publicising)]
    assert names == domain.sort_by_strokes(names)


def test_anyone_can_object_through_the_public_link(client, users, publicising):
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    url = reverse("public_notice", args=[renewal.public_token])
    page = client.get(url)
    assert page.status_code == 200
    assert "候选人预备人选的公示" in page.content.decode()
    response = client.post(url, {"text": "反映某同志工作作风问题", "name": "", "contact": ""})
    assert response.status_code == 302  # reloading the thank-you page sends nothing again
    assert "意见已收到" in client.get(response["Location"]).content.decode()
    assert Objection.objects.filter(renewal=renewal).count() == 1
    assert "有 1 条公示意见尚未处理。" in [b.text for b in blockers(renewal, "finish_notice")]


def test_objections_are_rate_limited(client, users, publicising):
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    url = reverse("public_notice", args=[renewal.public_token])
    for i in range(OBJECTIONS_PER_HOUR):
        client.post(url, {"text": f"意见{i}"})
    response = client.post(url, {"text": "再一条"})
    assert "提交过于频繁" in response.content.decode()
    assert response.status_code == 200
    assert Objection.objects.count() == OBJECTIONS_PER_HOUR


def test_unknown_or_closed_notice_is_404(client, users, publicising):
    assert client.get(reverse("public_notice", args=["nope"])).status_code == 404
    # Not yet published: the link does not work either.
    url = reverse("public_notice", args=[publicising.public_token])
    assert client.get(url).status_code == 404


def test_the_gate_waits_for_the_period_and_every_objection(users, publicising):
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    objection = objection_submit(renewal=renewal, text="意见", address="10.0.0.1")
    renewal = demo.backdate_notice(renewal, 5)
    with pytest.raises(TransitionRefused, match="尚未处理"):
        renewal_finish_notice(actor=users["secretary"], renewal=renewal)
    objection_resolve(actor=users["approver"], objection=objection, outcome="经核实，不影响")
    renewal = renewal_finish_notice(actor=users["secretary"], renewal=renewal)
    assert renewal.phase == Phase.VOTE


def test_objection_outside_the_period_is_refused(users, publicising):
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    renewal = demo.backdate_notice(renewal, 10)
    with pytest.raises(ValidationError, match="不在公示期内"):
        objection_submit(renewal=renewal, text="晚了", address="10.0.0.2")


def test_withdrawal_breaking_the_differential_goes_back_to_vet(users, publicising):
    standing = notice_candidates(publicising)
    assert len(standing) == 7  # 5 seats need 6
    renewal = candidate_withdraw(
        actor=users["secretary"], nominee=standing[0], reason="个人申请退出"
    )
    assert renewal.phase == Phase.PUBLICISE
    renewal = candidate_withdraw(
        actor=users["approver"], nominee=standing[1], reason="核实有问题，取消资格"
    )
    assert renewal.phase == Phase.VET
    assert "同意的预备人选 5 名，少于差额选举所需的 6 名。" in [
        b.text for b in blockers(renewal, "approve_list")
    ]


def test_renewal_page_shows_anonymous_objections(client, users, publicising):
    """Regression: an objection's audit event has no actor and the timeline raised a 500."""
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    objection_submit(renewal=renewal, text="意见", address="10.0.0.3")
    client.force_login(users["approver"])
    page = client.get(renewal.get_absolute_url())
    assert page.status_code == 200
    assert "收到公示意见" in page.content.decode()


def test_open_objections_reach_the_approvers_to_do_list(client, users, publicising):
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    objection_submit(renewal=renewal, text="意见", address="10.0.0.4")
    client.force_login(users["approver"])
    page = client.get(reverse("elections_dashboard:dashboard")).content.decode()
    assert "公示意见待处理" in page
    client.force_login(users["viewer"])
    assert (
        "公示意见待处理"
        not in client.get(reverse("elections_dashboard:dashboard")).content.decode()
    )
