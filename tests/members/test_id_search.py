"""Issue 12: masked ID numbers cannot be recovered through the roster search or export, and the
pages that carry full ID numbers are never cached."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from branches.models import Role, RoleKind
from members.idcard import make_id_number
from tests.conftest import make_member
from tests.exports_helpers import exported_cells, start_export


def _x_id() -> str:
    """A valid ID number whose check character is X."""
    for n in range(1000):
        number = make_id_number("440305", date(1985, 6, 15), n)
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")


@pytest.fixture
def target(tree):
    """A member of 第一党支部 (managed by `staff`, only viewed by viewer, approver, secretary)."""
    return make_member(tree["b1"], name="赵测试", id_number=_x_id())


def _listed(client, q: str) -> bool:
    page = client.get(reverse("members:member_list"), {"q": q}).content.decode()
    return "赵测试" in page


def _exported(client, q: str) -> bool:
    return "赵测试" in exported_cells(client, {"q": q})


def _probes(number: str) -> list[str]:
    return [number[-4:], number[-6:], number[-17:], number[:6], number, number.lower()]


@pytest.mark.parametrize("role", ["viewer", "approver", "secretary"])
def test_users_seeing_masked_ids_never_match_by_id_number(client, users, target, role):
    client.force_login(users[role])
    assert _listed(client, "赵测试")  # the member is visible; names still match
    for q in _probes(target.id_number):
        assert not _listed(client, q), q
        assert not _exported(client, q), q


def test_managing_staff_match_only_the_full_id_number(client, users, target):
    client.force_login(users["staff"])
    number = target.id_number
    for q in (number[-4:], number[-6:], number[-17:], number[:17], number[:6]):
        assert not _listed(client, q), q
        assert not _exported(client, q), q
    for q in (number, number.lower(), f" {number} "):
        assert _listed(client, q), q
        assert _exported(client, q), q


def test_id_match_needs_management_of_that_member(client, users, tree, target):
    """A user managing one committee and viewing the whole tree cannot find by ID a member they
    only view."""
    outsider = users["outsider"]  # staff of 镇党委
    Role.objects.create(user=outsider, organisation=tree["root"], role=RoleKind.VIEWER)
    client.force_login(outsider)
    assert _listed(client, "赵测试")
    assert not _listed(client, target.id_number)
    assert not _exported(client, target.id_number)
    # Their own members are still found by the full number.
    assert (
        "王五"
        in client.get(reverse("members:member_list"), {"q": tree["m3"].id_number}).content.decode()
    )


def test_pages_with_full_id_numbers_are_not_cached(client, users, tree):
    client.force_login(users["staff"])
    m1 = tree["m1"]
    urls = [
        reverse("members:member_list"),
        reverse("members:member_detail", args=[m1.pk]),
        reverse("members:member_edit", args=[m1.pk]),
        reverse("members:member_create", args=[tree["b1"].pk]),
    ]
    export = start_export(client, {"q": m1.id_number})
    urls += [
        reverse("members:export_detail", args=[export.pk]),
        reverse("members:export_status", args=[export.pk]),
        reverse("members:export_download", args=[export.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.get("Cache-Control", ""), url
