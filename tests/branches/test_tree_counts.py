"""Issue 16: the home page's organisation and branch counts, a cached figure (branches.cached),
equal a live count after every change: a new organisation, a deleted one, a move, a bulk write
that says so, a new role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.access import organisations_for
from branches.models import OrganisationKind, Role, RoleKind
from branches.selectors import home_for
from branches.services import organisation_create, organisation_move
from tests.conftest import grow


def counts(user) -> dict[str, int]:
    return home_for(get_user_model().objects.get(pk=user.pk))["counts"]


def live(user) -> dict[str, int]:
    visible = organisations_for(user)
    return {
        "organisations": visible.count(),
        "branches": visible.filter(kind=OrganisationKind.BRANCH).count(),
    }


def test_the_counts_follow_every_change(users, tree):
    staff, outsider, admin = users["staff"], users["outsider"], users["admin"]
    assert counts(staff) == live(staff) == {"organisations": 4, "branches": 2}
    made = organisation_create(
        actor=staff,
        parent=tree["a"],
        kind=OrganisationKind.BRANCH,
        code="B9",
        name="第九党支部",
        category="organ",
    )
    assert counts(staff) == live(staff) == {"organisations": 5, "branches": 3}
    organisation_move(actor=admin, organisation=tree["g"], new_parent=tree["other"])
    assert counts(staff) == live(staff) == {"organisations": 3, "branches": 2}
    assert counts(outsider) == live(outsider) == {"organisations": 4, "branches": 2}
    made.delete()
    assert counts(staff) == live(staff) == {"organisations": 2, "branches": 1}
    grow(tree, branches=4, members=0)  # bulk: it says so
    assert counts(staff) == live(staff) == {"organisations": 6, "branches": 5}
    assert counts(admin) == live(admin)


def test_a_second_read_is_cached_and_a_new_role_is_a_new_scope(users, tree):
    viewer = users["viewer"]
    counts(viewer)
    user = get_user_model().objects.get(pk=viewer.pk)
    with CaptureQueriesContext(connection) as ctx:
        home_for(user)
    assert not any("COUNT(" in q["sql"] and "FILTER" in q["sql"] for q in ctx.captured_queries)
    Role.objects.create(user=viewer, organisation=tree["other"], role=RoleKind.VIEWER)
    assert counts(viewer) == live(viewer) == {"organisations": 6, "branches": 3}
