"""One rule for the client's address behind trusted proxies (TRUSTED_PROXY_COUNT), used by the
login throttle. Regression: behind nginx every client had nginx's address, so five wrong passwords
from anyone locked the account for everyone, and a forged X-Forwarded-For was the only way apart."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from branches.client import client_ip

PROXY = "10.0.0.5"  # nginx, as the app sees it
CLIENT = "203.0.113.7"  # the address nginx appended
OTHER_CLIENT = "198.51.100.9"


def _request(forwarded: str | None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, None, PROXY),
        (0, f"1.2.3.4, {CLIENT}", PROXY),  # no trusted proxy: the header is ignored entirely
        (1, CLIENT, CLIENT),
        (1, f"1.2.3.4, {CLIENT}", CLIENT),  # the left-most entry is the client's own claim
        (1, f"1.2.3.4,5.6.7.8 , {CLIENT}", CLIENT),
        (1, None, PROXY),  # not through the proxy: the peer is the client
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
        (2, f"1.2.3.4, {CLIENT}, 10.0.0.9", CLIENT),  # CDN then nginx: second from the right
        (2, CLIENT, PROXY),  # fewer entries than proxies: the chain was not complete
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_takes_the_entry_the_trusted_proxy_appended(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded)) == expected


def _fail_login(client, forwarded: str, remote: str = PROXY):
    return client.post(
        reverse("login"),
        {"username": "staff", "password": "wrong"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _login(client, forwarded: str, remote: str = PROXY):
    return client.post(
        reverse("login"),
        {"username": "staff", "password": "pw-123456!"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_login_lockout_keys_on_the_client_behind_one_proxy(client, users, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    for spoofed in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):  # a new forged left-most entry each time
        _fail_login(client, f"{spoofed}, {CLIENT}")
    locked = _login(client, f"4.4.4.4, {CLIENT}")
    assert "账号已暂时锁定" in locked.content.decode()
    # Another client behind the same proxy still signs in: the proxy's own address is not the key.
    response = _login(client, OTHER_CLIENT)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_login_lockout_ignores_forwarded_for_without_a_trusted_proxy(client, users, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 3
    for other in (CLIENT, OTHER_CLIENT, "5.5.5.5"):  # the header names a new client each time
        _fail_login(client, other, remote="192.0.2.1")
    locked = _login(client, "6.6.6.6", remote="192.0.2.1")
    assert "账号已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
