"""Issue 16: the dashboard's renewals per phase in a subtree, a cached figure (branches.cached),
equals a live count after every change: phase moves, cancelling, deleting, a move of the tree, a
new role, a bulk write that says what it changed."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches import cached
from branches.access import Action, role_paths
from branches.models import Role, RoleKind
from branches.services import organisation_move
from elections.models import Phase, Renewal
from elections.selectors.access import renewals_for
from elections.selectors.phases import PHASE_COUNTS, phase_counts
from elections.services.prepare import (
    renewal_approve_request,
    renewal_cancel,
    renewal_open,
    renewal_submit_request,
)


def fresh(user):
    """The user as a new request loads it (roles are read once per user object)."""
    return get_user_model().objects.get(pk=user.pk)


def live(user) -> dict[str, int]:
    rows = renewals_for(user).order_by().values("phase").annotate(n=Count("pk"))
    return {row["phase"]: row["n"] for row in rows}


def agrees(*users) -> None:
    for user in users:
        assert phase_counts(fresh(user)) == live(user), user.username


def test_a_second_read_is_served_from_the_cache(users, renewal):
    staff = fresh(users["staff"])
    assert phase_counts(staff) == {Phase.PREPARE: 1}
    with CaptureQueriesContext(connection) as ctx:
        assert phase_counts(staff) == {Phase.PREPARE: 1}
    assert len(ctx.captured_queries) == 0


def test_phase_changes_cancel_and_delete_change_the_figure(users, planned):
    staff, outsider, admin = users["staff"], users["outsider"], users["admin"]
    agrees(staff, outsider, admin)  # cached: prepare 1 for staff and admin, nothing for outsider
    assert phase_counts(fresh(staff)) == {Phase.PREPARE: 1}
    renewal_submit_request(actor=users["secretary"], renewal=planned)
    recommending = renewal_approve_request(actor=users["approver"], renewal=planned)
    assert phase_counts(fresh(staff)) == {Phase.RECOMMEND: 1}
    agrees(staff, outsider, admin)
    renewal_cancel(actor=users["approver"], renewal=recommending, reason="合并支部")
    assert phase_counts(fresh(admin)) == {Phase.CANCELLED: 1}
    second = renewal_open(actor=users["secretary"], branch=planned.branch)
    assert phase_counts(fresh(staff)) == {Phase.CANCELLED: 1, Phase.PREPARE: 1}
    second.delete()
    assert phase_counts(fresh(staff)) == {Phase.CANCELLED: 1}
    agrees(staff, outsider, admin)


def test_moving_a_branch_moves_its_renewals_between_subtrees(users, tree, renewal):
    staff, outsider = users["staff"], users["outsider"]
    assert phase_counts(fresh(staff)) == {Phase.PREPARE: 1}
    assert phase_counts(fresh(outsider)) == {}
    organisation_move(actor=users["admin"], organisation=tree["b1"], new_parent=tree["other"])
    assert phase_counts(fresh(staff)) == {}
    assert phase_counts(fresh(outsider)) == {Phase.PREPARE: 1}
    agrees(staff, outsider, users["admin"])


def test_a_new_role_is_a_new_scope(users, tree, renewal):
    outsider = users["outsider"]
    assert phase_counts(fresh(outsider)) == {}
    Role.objects.create(user=outsider, organisation=tree["a"], role=RoleKind.VIEWER)
    assert phase_counts(fresh(outsider)) == {Phase.PREPARE: 1}
    agrees(outsider)


def test_a_bulk_write_counts_once_it_says_so(users, renewal):
    staff = users["staff"]
    assert phase_counts(fresh(staff)) == {Phase.PREPARE: 1}
    Renewal.objects.filter(pk=renewal.pk).update(phase=Phase.VOTE)  # no signal
    assert phase_counts(fresh(staff)) == {Phase.PREPARE: 1}  # the cached figure
    cached.changed(PHASE_COUNTS)
    assert phase_counts(fresh(staff)) == {Phase.VOTE: 1}


def test_the_commit_bumps_the_version_again(db, django_capture_on_commit_callbacks):
    """A figure computed between the change and its commit (another request reading the data
    before the commit) is stored under the first bump's version: the commit's bump leaves it."""
    cached.figure("test", "", lambda: 1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cached.changed("test")
        assert cached.figure("test", "", lambda: 2) == 2  # as a reader before the commit
    assert len(callbacks) == 1
    assert cached.figure("test", "", lambda: 3) == 3


def test_a_lost_version_starts_from_a_new_number(db):
    cached.figure("test", "scope", lambda: 1)
    cached.cache.delete(cached._version_key("test"))  # evicted
    assert cached.figure("test", "scope", lambda: 2) == 2


def test_the_dashboard_chart_follows_a_phase_change(client, users, planned):
    client.force_login(users["staff"])
    url = reverse("elections_dashboard:dashboard")
    assert client.get(url).context["chart"][0].count == 1  # prepare, now cached
    renewal_submit_request(actor=users["secretary"], renewal=planned)
    renewal_approve_request(actor=users["approver"], renewal=planned)
    chart = {bar.phase: bar.count for bar in client.get(url).context["chart"]}
    assert chart[Phase.PREPARE] == 0
    assert chart[Phase.RECOMMEND] == 1


class DownCache:
    """A cache backend that does not answer (Redis restarting)."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("cache down")

        return refuse


def test_a_cache_that_does_not_answer_costs_speed_not_the_page(
    client, users, renewal, monkeypatch, caplog
):
    monkeypatch.setattr(cached, "cache", DownCache())
    assert phase_counts(fresh(users["staff"])) == {Phase.PREPARE: 1}  # from the database
    cached.changed(PHASE_COUNTS)  # a bump it cannot make is logged, not raised
    client.force_login(users["staff"])
    response = client.get(reverse("elections_dashboard:dashboard"))
    assert response.status_code == 200
    assert response.context["chart"][0].count == 1
    assert "cache unavailable" in caplog.text


def test_the_scope_is_the_roles_or_everything(users):
    assert cached.role_scope(users["admin"], Action.VIEW) == "*"
    assert cached.role_scope(users["norole"], Action.VIEW, Action.WORK) == "|"
    staff = fresh(users["staff"])
    assert cached.role_scope(staff, Action.VIEW) == staff_paths(staff)


def staff_paths(user) -> str:
    return ",".join(role_paths(user, Action.VIEW))
