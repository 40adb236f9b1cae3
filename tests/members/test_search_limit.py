"""Issue 12: roster searches (`?q=` on the member list, the export and a branch's page) are limited
per user per minute, so a masked detail cannot be probed for at machine speed; browsing and paging
without a search are not limited."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

import branches.throttle
from tests.exports_helpers import export_url

LIMIT = 3


@pytest.fixture
def limited(settings, client, users):
    settings.ROSTER_SEARCHES_PER_MINUTE = LIMIT
    client.force_login(users["staff"])
    return client


def _search(client, q: str = "张"):
    return client.get(reverse("members:member_list"), {"q": q})


def _assert_refused(response) -> None:
    assert response.status_code == 429
    assert "搜索过于频繁" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 61


def test_searches_past_the_limit_are_refused_with_429(limited):
    for i in range(LIMIT):
        assert _search(limited, f"张{i}").status_code == 200
    _assert_refused(_search(limited))


def test_export_and_branch_page_searches_share_the_limit(limited, tree):
    branch_page = reverse("branches:organisation_detail", args=[tree["b1"].pk])
    assert limited.post(export_url({"q": "张"})).status_code == 302
    assert limited.get(branch_page, {"q": "张"}).status_code == 200
    assert _search(limited).status_code == 200
    _assert_refused(limited.post(export_url({"q": "张"})))
    _assert_refused(limited.get(branch_page, {"q": "张"}))


def test_browsing_and_paging_without_a_search_are_not_limited(limited, tree):
    for _ in range(LIMIT):
        _search(limited)
    _assert_refused(_search(limited))
    for _ in range(LIMIT + 2):
        assert limited.get(reverse("members:member_list"), {"page": "2"}).status_code == 200
        assert limited.get(reverse("members:member_list"), {"q": "  "}).status_code == 200
        assert limited.post(export_url()).status_code == 302
        page = reverse("branches:organisation_detail", args=[tree["b1"].pk])
        assert limited.get(page, {"status": "full"}).status_code == 200


def test_each_user_has_an_own_limit(limited, users):
    for _ in range(LIMIT):
        _search(limited)
    _assert_refused(_search(limited))
    limited.force_login(users["viewer"])
    assert _search(limited).status_code == 200


def test_the_limit_starts_again_the_next_minute(limited, monkeypatch):
    now = 1_800_000_000.0  # the start of a minute
    monkeypatch.setattr(branches.throttle, "time", SimpleNamespace(time=lambda: now))
    for _ in range(LIMIT):
        _search(limited)
    _assert_refused(_search(limited))
    monkeypatch.setattr(branches.throttle, "time", SimpleNamespace(time=lambda: now + 60))
    assert _search(limited).status_code == 200


@pytest.mark.skipif(
    not (Path(django_settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.mo").exists(),
    reason="the English catalogue is compiled by `make setup` (needs gettext's msgfmt)",
)
def test_the_refusal_is_translated(limited):
    limited.cookies["django_language"] = "en"
    for _ in range(LIMIT):
        _search(limited)
    page = _search(limited).content.decode()
    assert "Too many searches" in page
    assert f"at most {LIMIT} times a minute" in page
