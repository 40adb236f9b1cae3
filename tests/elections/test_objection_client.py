"""The public objection page limits each client, found behind trusted proxies by the same rule as
the login throttle (TRUSTED_PROXY_COUNT). Regression: it read REMOTE_ADDR, so behind nginx every
member of the public shared one limit of OBJECTIONS_PER_HOUR."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.models import Objection
from elections.services.publicise import OBJECTIONS_PER_HOUR, notice_publish

PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"
OTHER_CLIENT = "198.51.100.9"


@pytest.fixture
def notice_url(users, publicising):
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    return reverse("public_notice", args=[renewal.public_token])


def _object(client, url: str, text: str, forwarded: str, remote: str = PROXY):
    return client.post(url, {"text": text}, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


def test_forged_forwarded_for_does_not_escape_the_limit_behind_one_proxy(
    client, notice_url, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for i in range(OBJECTIONS_PER_HOUR):
        assert _object(client, notice_url, f"意见{i}", f"1.1.1.{i}, {CLIENT}").status_code == 302
    refused = _object(client, notice_url, "再一条", f"9.9.9.9, {CLIENT}")
    assert "提交过于频繁" in refused.content.decode()
    assert Objection.objects.count() == OBJECTIONS_PER_HOUR
    # Someone else behind the same proxy is not held back by that limit.
    assert _object(client, notice_url, "另一位群众", OTHER_CLIENT).status_code == 302
    assert Objection.objects.count() == OBJECTIONS_PER_HOUR + 1


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, notice_url, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for i in range(OBJECTIONS_PER_HOUR):
        _object(client, notice_url, f"意见{i}", f"1.1.1.{i}", remote=CLIENT)
    refused = _object(client, notice_url, "再一条", OTHER_CLIENT, remote=CLIENT)
    assert "提交过于频繁" in refused.content.decode()
    assert Objection.objects.count() == OBJECTIONS_PER_HOUR
