"""An electing unit's meeting × every role (issue 15): its meeting-day page and the shared
meeting forms addressed by the meeting (``unit-<pk>``), and the unit-only steps. Allowed roles get
the page or their form handled, everyone else a 404 that leaves nothing changed; anonymous
requests go to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from elections.demo_congress import propose_congress
from elections.selectors.congress import unit_voters
from tests.congress_helpers import committee_renewal, to_vote, unit_of
from tests.matrix_congress import UNIT_PAPERS, UNIT_POSTS
from tests.matrix_helpers import snapshot

ROLES = ["staff", "secretary", "approver", "superior", "viewer", "outsider", "norole", "admin"]
ALLOWED = {
    "viewers": {"staff", "approver", "superior", "viewer", "admin"},
    "workers": {"staff", "admin"},
}
#: The members' meeting's views, on a unit's meeting.
SHARED_PAGES = {"elections:meeting_day": "viewers"}
#: The unit's papers (PDF): addressed by the unit, with the document's slug where it has one.
PAPERS = UNIT_PAPERS
SHARED_POSTS = {
    "elections:meeting_update": "workers",
    "elections:meeting_staff": "workers",
    "elections:attendance_set": "workers",
    "elections:round_open": "workers",
}
POSTS = {**SHARED_POSTS, **UNIT_POSTS}


@pytest.fixture
def world(tree, users):
    renewal = committee_renewal(tree, users)
    propose_congress(renewal, actor=users["staff"], approver=users["superior"], total=10, minimum=2)
    renewal = to_vote(renewal, users)
    return {"renewal": renewal, "users": users, "unit": unit_of(renewal, "G")}


def _url(name: str, w: dict) -> str:
    unit = w["unit"]
    if name in UNIT_POSTS:
        return reverse(name, args=[w["renewal"].pk, unit.pk])
    return reverse(name, args=[w["renewal"].pk, f"unit-{unit.pk}"])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), SHARED_PAGES.items())
def test_unit_meeting_pages(client, world, role, name, who):
    client.force_login(world["users"][role])
    response = client.get(_url(name, world))
    if role in ALLOWED[who]:
        assert response.status_code == 200
        assert "党总支选举单位党员大会" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("paper", "who"), PAPERS.items())
def test_unit_papers(client, world, role, paper, who):
    """Candidates set first, so that the ballot is printed rather than refused."""
    unit = world["unit"]
    unit.candidates.set(unit_voters(unit.unit)[:5])
    name, slug = paper
    args = [world["renewal"].pk, unit.pk, *([slug] if slug else [])]
    client.force_login(world["users"][role])
    response = client.get(reverse(name, args=args))
    if role in ALLOWED[who]:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), POSTS.items())
def test_unit_meeting_posts(client, world, role, name, who):
    client.force_login(world["users"][role])
    before = snapshot()
    response = client.post(_url(name, world), {})
    if role in ALLOWED[who]:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404
        assert snapshot() == before


@pytest.mark.parametrize("paper", PAPERS)
def test_anonymous_is_sent_to_login_for_papers(client, world, paper):
    name, slug = paper
    args = [world["renewal"].pk, world["unit"].pk, *([slug] if slug else [])]
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", [*SHARED_PAGES, *POSTS])
def test_anonymous_goes_to_login(client, world, name):
    before = snapshot()
    response = (
        client.post(_url(name, world), {}) if name in POSTS else client.get(_url(name, world))
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before
