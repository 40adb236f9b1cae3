"""The campaign board's views × every role: allowed roles get the page or their form handled,
everyone else a 404 that leaves nothing changed; anonymous requests go to the login page.

The campaign is 机关党委's: whoever may see 机关党委 sees its board (its staff, approver and
viewer, 区委's approver above it); the risk notes are set with APPROVE on 机关党委, which only
the level above holds (区委's approver, users["superior"]); B1's secretary and another
committee's staff are outside."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.models import Phase
from tests.campaign_helpers import make_campaign, place
from tests.congress_helpers import add_superior
from tests.matrix_campaign_board import CAMPAIGN_BOARD_PAGES, CAMPAIGN_BOARD_POSTS
from tests.matrix_helpers import snapshot

ROLES = ["staff", "secretary", "approver", "superior", "viewer", "outsider", "norole", "admin"]
ALLOWED = {
    "viewers": {"staff", "approver", "superior", "viewer", "admin"},
    # Risk notes: those who run the campaign (its committee's staff and approvers, or above).
    "judges": {"staff", "approver", "superior", "admin"},
}


@pytest.fixture
def world(tree, users):
    add_superior(tree, users)
    today = timezone.localdate()
    campaign = make_campaign(
        tree["a"], start=today - timedelta(days=10), end=today + timedelta(days=50)
    )
    entry = place(campaign, tree["b1"], Phase.RECOMMEND)
    place(campaign, tree["b2"], problem="正式党员不足3人")
    return {"campaign": campaign, "entry": entry, "users": users}


def _url(name: str, w: dict) -> str:
    args = [w["campaign"].pk]
    if name == "campaigns:risk":
        args.append(w["entry"].pk)
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), CAMPAIGN_BOARD_PAGES.items())
def test_campaign_board_pages(client, world, role, name, who):
    client.force_login(world["users"][role])
    response = client.get(_url(name, world))
    if role in ALLOWED[who]:
        assert response.status_code == 200
        assert "第一党支部" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), CAMPAIGN_BOARD_POSTS.items())
def test_campaign_board_posts(client, world, role, name, who):
    client.force_login(world["users"][role])
    before = snapshot()
    response = client.post(_url(name, world), {"level": "3", "note": "风险较大"})
    if role in ALLOWED[who]:
        assert response.status_code == 302
        world["entry"].refresh_from_db()
        assert world["entry"].risk_level == "3"
    else:
        assert response.status_code == 404
        assert snapshot() == before


@pytest.mark.parametrize("name", [*CAMPAIGN_BOARD_PAGES, *CAMPAIGN_BOARD_POSTS])
def test_anonymous_goes_to_login(client, world, name):
    before = snapshot()
    response = (
        client.post(_url(name, world), {"level": "3", "note": "x"})
        if name in CAMPAIGN_BOARD_POSTS
        else client.get(_url(name, world))
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before


def test_another_campaigns_entry_is_not_found(client, world, tree):
    """An entry is reached through its own campaign only."""
    other = make_campaign(
        tree["root"], start=world["campaign"].starts_on, end=world["campaign"].ends_on
    )
    client.force_login(world["users"]["admin"])
    url = reverse("campaigns:risk", args=[other.pk, world["entry"].pk])
    assert client.get(url).status_code == 404
