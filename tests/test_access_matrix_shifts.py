"""The access matrix of the delay and early renewal views (tests/matrix_shifts.py names them for
tests/test_access_matrix.py): every role × every view. Allowed roles get the page, their form back
with its errors, or their change made; everybody else gets a 404 that changes nothing; anonymous
requests go to the login page."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from elections.models import RenewalShift, ShiftStatus
from tests.matrix_helpers import snapshot
from tests.matrix_shifts import SHIFT_PAGES, SHIFT_POSTS, SHIFT_VIEWS
from tests.shift_helpers import ask, term_ends_in

pytestmark = pytest.mark.django_db

ROLES = ["staff", "secretary", "approver", "viewer", "outsider", "norole", "admin"]
PAGE_TEXT = {
    "elections:shift_request": "第一党支部 · 申请延期或提前换届",
    "elections:shift_detail": "第一党支部 · 延期换届申请",
}


@pytest.fixture
def world(tree, users):
    """第一党支部 (under 机关党委) is overdue and has asked for a delay."""
    term_ends_in(tree["b1"], -10)
    return {**tree, "users": users, "shift": ask(users["secretary"], tree["b1"])}


def _url(name: str, w: dict) -> str:
    arg = w["b1"].pk if name == "elections:shift_request" else w["shift"].pk
    return reverse(name, args=[arg])


def test_the_rows_cover_every_shift_view():
    assert {"shift_request", "shift_detail", "shift_decide", "shift_withdraw"} == {
        name.split(":")[1] for name in SHIFT_VIEWS
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed"), SHIFT_PAGES.items())
def test_pages(client, world, role, name, allowed):
    client.force_login(world["users"][role])
    response = client.get(_url(name, world))
    if role in allowed:
        assert response.status_code == 200, f"{role} → {name}"
        assert PAGE_TEXT[name] in html.unescape(response.content.decode())
    else:
        assert response.status_code == 404, f"{role} → {name}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed"), SHIFT_POSTS.items())
def test_blank_posts(client, world, role, name, allowed):
    """A blank form: allowed roles get it back with its errors (the request form, the decision)
    or, for the withdrawal (which has no fields), the request withdrawn."""
    client.force_login(world["users"][role])
    state = snapshot()
    response = client.post(_url(name, world), {})
    if role not in allowed:
        assert response.status_code == 404, f"{role} → {name}: {response.status_code}"
        assert snapshot() == state
    elif name == "elections:shift_withdraw":
        assert response.status_code == 302
        assert response["Location"] == world["shift"].get_absolute_url()
        world["shift"].refresh_from_db()
        assert world["shift"].status == ShiftStatus.WITHDRAWN
    else:
        assert response.status_code == 200, f"{role} → {name}: {response.status_code}"
        assert snapshot() == state


@pytest.mark.parametrize("role", ROLES)
def test_deciding(client, world, role):
    client.force_login(world["users"][role])
    url = _url("elections:shift_decide", world)
    response = client.post(url, {"decision": "approve", "note": "同意"})
    shift = RenewalShift.objects.get(pk=world["shift"].pk)
    if role in SHIFT_POSTS["elections:shift_decide"]:
        assert response.status_code == 302
        assert shift.status == ShiftStatus.APPROVED
    else:
        assert response.status_code == 404
        assert shift.status == ShiftStatus.PENDING


@pytest.mark.parametrize("name", sorted(SHIFT_VIEWS))
def test_anonymous_is_sent_to_login_and_changes_nothing(client, world, name):
    state = snapshot()
    for method in (client.get, client.post):
        response = method(_url(name, world))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot() == state


def test_a_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["approver"])
    response = client.post(_url("elections:shift_decide", world), {"decision": "approve"})
    assert response.status_code == 403
    assert RenewalShift.objects.get().status == ShiftStatus.PENDING
