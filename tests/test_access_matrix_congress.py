"""The congress views × every role: allowed roles get the page or their form handled (a blank
form comes back with its errors or a redirect), everyone else a 404 that leaves nothing changed;
anonymous requests go to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from elections.models import Delegate
from tests.congress_helpers import committee_renewal, elect_delegates, unit_of
from tests.matrix_congress import CONGRESS_FILES, CONGRESS_PAGES, CONGRESS_POSTS
from tests.matrix_helpers import snapshot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = {
    "elections:delegate_list": (XLSX, b"PK"),
    "elections:congress_method": ("application/pdf", b"%PDF"),
}
ROLES = ["staff", "secretary", "approver", "superior", "viewer", "outsider", "norole", "admin"]
# A renewal of 机关党委: its staff works on it, the approver at 区委 above it approves; the
# approver at 机关党委 itself only sees it (no organisation approves its own renewal); the B1
# secretary is outside.
ALLOWED = {
    "viewers": {"staff", "approver", "superior", "viewer", "admin"},
    "workers": {"staff", "admin"},
    "approvers": {"superior", "admin"},
}


@pytest.fixture
def world(tree, users):
    renewal = committee_renewal(tree, users)
    elect_delegates(renewal, users)
    return {
        "renewal": renewal,
        "users": users,
        "unit": unit_of(renewal, "G"),
        "delegate": Delegate.objects.filter(unit__congress__renewal=renewal).first(),
    }


def _url(name: str, w: dict) -> str:
    args = [w["renewal"].pk]
    if name.endswith(("unit_seats_change", "unit_election_record")):
        args.append(w["unit"].pk)
    if name.endswith("delegate_check"):
        args.append(w["delegate"].pk)
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), CONGRESS_PAGES.items())
def test_congress_pages(client, world, role, name, who):
    client.force_login(world["users"][role])
    response = client.get(_url(name, world))
    if role in ALLOWED[who]:
        assert response.status_code == 200
        assert "党员代表大会" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), CONGRESS_FILES.items())
def test_congress_files(client, world, role, name, who):
    client.force_login(world["users"][role])
    response = client.get(_url(name, world))
    if role in ALLOWED[who]:
        assert response.status_code == 200
        content_type, magic = FILES[name]
        assert response["Content-Type"] == content_type
        assert response.content.startswith(magic)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), CONGRESS_POSTS.items())
def test_congress_posts(client, world, role, name, who):
    client.force_login(world["users"][role])
    before = snapshot()
    response = client.post(_url(name, world), {})
    if role in ALLOWED[who]:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404
        assert snapshot() == before


@pytest.mark.parametrize("name", [*CONGRESS_PAGES, *CONGRESS_FILES, *CONGRESS_POSTS])
def test_anonymous_goes_to_login(client, world, name):
    before = snapshot()
    response = (
        client.post(_url(name, world), {})
        if name in CONGRESS_POSTS
        else client.get(_url(name, world))
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before
