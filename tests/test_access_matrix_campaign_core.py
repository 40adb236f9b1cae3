"""The campaign views (list, plan, scope, launch) × every role: the staff and approvers of the
committee that runs the campaign (and a superuser) change it; any staff or approver may plan one
for their own committee; whoever sees that committee sees its scope;
everyone else gets a 404 that leaves nothing changed; anonymous requests go to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from elections.services.campaign_launch import campaign_launch_request
from tests.campaign_core_helpers import make_campaign, make_ready
from tests.matrix_campaign_core import CAMPAIGN_CORE_PAGES, CAMPAIGN_CORE_POSTS
from tests.matrix_helpers import snapshot

# approver and staff: 上级审批 and 组织员 at 机关党委, which runs the campaign; viewer: a
# read-only user there (sees it, changes nothing); secretary: B1's (not the committee's campaign);
# outsider: staff of another committee; norole: a member with no role; admin: a superuser.
ROLES = ["approver", "staff", "viewer", "secretary", "outsider", "norole", "admin"]
ALLOWED = {
    "everyone": set(ROLES),
    "viewers": {"approver", "staff", "viewer", "admin"},
    "changers": {"approver", "staff", "admin"},
    # The plan form: for whoever runs some committee's campaigns (the outsider runs their own).
    "planners": {"approver", "staff", "outsider", "admin"},
}
TITLE = "机关党委集中换届"


@pytest.fixture
def world(tree, users):
    make_ready(tree["b1"], full=2)
    campaign = make_campaign(users["approver"], tree["a"], title=TITLE)
    # A launch waiting for the worker (its job is not run here), for its status view.
    campaign_launch_request(actor=users["approver"], campaign=campaign)
    return {"campaign": campaign, "users": users}


def _url(name: str, w: dict) -> str:
    if name in ("campaigns:list", "campaigns:create"):
        return reverse(name)
    return reverse(name, args=[w["campaign"].pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), CAMPAIGN_CORE_PAGES.items())
def test_campaign_pages(client, world, role, name, who):
    client.force_login(world["users"][role])
    response = client.get(_url(name, world))
    if role in ALLOWED[who]:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_the_campaign_to_those_who_see_it(client, world, role):
    client.force_login(world["users"][role])
    page = client.get(reverse("campaigns:list")).content.decode()
    assert (TITLE in page) is (role in ALLOWED["viewers"])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "who"), CAMPAIGN_CORE_POSTS.items())
def test_campaign_posts(client, world, role, name, who):
    client.force_login(world["users"][role])
    before = snapshot()
    response = client.post(_url(name, world), {})
    if role in ALLOWED[who]:
        # A blank form comes back with its errors; a launch goes back to its page (refused
        # there while the first waits).
        assert response.status_code == (302 if name == "campaigns:launch" else 200)
    else:
        assert response.status_code == 404
        assert snapshot() == before


@pytest.mark.parametrize("name", sorted({*CAMPAIGN_CORE_PAGES, *CAMPAIGN_CORE_POSTS}))
def test_anonymous_goes_to_login(client, world, name):
    before = snapshot()
    for response in (client.get(_url(name, world)), client.post(_url(name, world), {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before
