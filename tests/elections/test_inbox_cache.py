"""Issue 16: the inbox counts (the badge on every page, the dashboard's queue counts) are a cached
figure (branches.cached): after every change made through the services the badge shows what a
live count says; a write that sends no signal is seen once it says so (or within the timeout);
a new role or a new day is a new key."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches import cached
from branches.models import Role, RoleKind
from elections.models import Renewal
from elections.selectors import dashboard
from elections.selectors.dashboard import INBOX, _live_counts, _todo, inbox_count
from elections.services.prepare import (
    exclusion_add,
    renewal_return,
    renewal_submit_request,
)


def badge(user) -> int:
    """What the next request's badge says (the user as a request loads it)."""
    return inbox_count(get_user_model().objects.get(pk=user.pk))


def live(user) -> int:
    return _todo(_live_counts(get_user_model().objects.get(pk=user.pk)))


def test_the_badge_follows_every_service_change(users, planned, tree):
    approver, secretary = users["approver"], users["secretary"]
    assert badge(approver) == live(approver) == 0  # cached
    renewal_submit_request(actor=secretary, renewal=planned)
    assert badge(approver) == live(approver) == 1  # the request to approve
    exclusion_add(
        actor=secretary, renewal=planned, member=planned.branch.members.first(), reason="illness"
    )
    assert badge(approver) == live(approver) == 2  # and the exclusion to decide
    renewal_return(actor=approver, renewal=planned, reason="请补充材料")
    assert badge(approver) == live(approver) == 1  # the exclusion
    assert badge(secretary) == live(secretary) == 1  # the returned request


def test_a_second_badge_is_read_from_the_cache(users, planned):
    renewal_submit_request(actor=users["secretary"], renewal=planned)
    assert badge(users["approver"]) == 1
    user = get_user_model().objects.get(pk=users["approver"].pk)
    with CaptureQueriesContext(connection) as ctx:
        assert inbox_count(user) == 1
    assert len(ctx.captured_queries) == 1  # the roles; the counts come from the cache


def test_a_write_without_a_signal_counts_once_it_says_so(users, planned):
    renewal_submit_request(actor=users["secretary"], renewal=planned)
    approver = users["approver"]
    assert badge(approver) == 1
    Renewal.objects.filter(pk=planned.pk).update(awaiting_approval=False)  # no signal
    assert badge(approver) == 1  # cached for at most INBOX_TIMEOUT seconds
    cached.changed(INBOX)
    assert badge(approver) == live(approver) == 0


def test_a_new_role_or_a_new_day_is_a_new_key(users, planned, tree, monkeypatch):
    renewal_submit_request(actor=users["secretary"], renewal=planned)
    viewer = users["viewer"]
    assert badge(viewer) == 0
    Role.objects.create(user=viewer, organisation=tree["a"], role=RoleKind.APPROVER)
    assert badge(viewer) == live(viewer) == 1
    seen = []
    tomorrow = timezone.localdate() + timedelta(days=1)

    def next_day():
        seen.append(tomorrow)
        return tomorrow

    monkeypatch.setattr(dashboard.timezone, "localdate", lambda *args: next_day())
    with CaptureQueriesContext(connection) as ctx:
        assert badge(viewer) == 1
    assert seen
    assert any("UNION ALL" in q["sql"] for q in ctx.captured_queries)  # counted again


def test_the_dashboard_shows_the_same_counts_as_the_badge(client, users, planned):
    client.force_login(users["approver"])
    url = reverse("elections_dashboard:dashboard")
    assert client.get(url).context["inbox"].counts == _live_counts(users["approver"])
    renewal_submit_request(actor=users["secretary"], renewal=planned)
    response = client.get(url)
    assert response.context["inbox"].counts == _live_counts(users["approver"])
    assert 'title="待办">1<span class="visually-hidden">' in response.content.decode()
