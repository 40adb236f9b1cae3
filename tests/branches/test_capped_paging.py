"""Issue 16: long lists count their rows up to a cap, without the list's ordering, and say so."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.paging import CappedPaginator
from members.models import Member
from tests.conftest import grow


def test_count_stops_at_the_cap_and_drops_the_ordering(tree):
    grow(tree, branches=3, members=30)
    qs = Member.objects.select_related("branch").order_by("branch__path", "name")
    total = qs.count()
    paginator = CappedPaginator(qs, 5, cap=10)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 10
    assert paginator.capped
    assert paginator.num_pages == 2
    (sql,) = [q["sql"] for q in queries]
    assert "ORDER BY" not in sql.upper()
    assert "LIMIT 11" in sql.upper()
    exact = CappedPaginator(qs, 5, cap=total)
    assert (exact.count, exact.capped) == (total, False)
    assert CappedPaginator(list(range(7)), 5, cap=5).capped


def test_the_roster_says_when_its_list_is_cut(client, users, tree, monkeypatch):
    grow(tree, branches=2, members=60)
    monkeypatch.setattr("branches.paging.COUNT_CAP", 55)
    client.force_login(users["staff"])
    page = client.get(reverse("members:member_list")).content.decode()
    assert "超过 55 条，仅列出前 55 条" in page
    assert "最后一页" not in page
    monkeypatch.setattr("branches.paging.COUNT_CAP", 10_000)
    page = client.get(reverse("members:member_list")).content.decode()
    assert "超过" not in page
    assert "最后一页" in page
