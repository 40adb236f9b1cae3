"""An organisation's renewal is approved by the level above it: an approver's role covers only
the organisations strictly below the role's organisation (branches/access.py), so the approver
at 机关党委 approves its branches' and general branch's renewals but not 机关党委's own."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from branches.access import Action, can, covers, organisations_for
from branches.models import Role, RoleKind
from elections import demo
from elections.models import Phase
from elections.selectors.access import renewals_for
from elections.services.notifications import people_who_can
from elections.services.prepare import (
    renewal_approve_request,
    renewal_open,
    renewal_submit_request,
)
from tests.conftest import make_member
from tests.congress_helpers import add_superior


@pytest.mark.parametrize(
    ("role_path", "org_path", "action", "expected"),
    [
        ("/1/2/", "/1/2/", Action.APPROVE, False),
        ("/1/2/", "/1/2/5/", Action.APPROVE, True),
        ("/1/", "/1/2/", Action.APPROVE, True),
        ("/1/2/", "/1/3/", Action.APPROVE, False),
        ("/1/2/", "/1/2/", Action.WORK, True),
        ("/1/2/", "/1/2/", Action.VIEW, True),
        ("/1/2/", "/1/2/", Action.MANAGE, True),
    ],
)
def test_covers(role_path, org_path, action, expected) -> None:
    assert covers(role_path, org_path, action) is expected


def test_approver_covers_what_lies_below_but_not_the_own_organisation(tree, users) -> None:
    approver = users["approver"]  # at 机关党委 (A)
    assert not can(approver, Action.APPROVE, tree["a"])
    assert can(approver, Action.APPROVE, tree["g"])
    assert can(approver, Action.APPROVE, tree["b1"])
    assert can(approver, Action.VIEW, tree["a"])
    assert set(organisations_for(approver, Action.APPROVE)) == {tree["g"], tree["b1"], tree["b2"]}
    superior = add_superior(tree, users)
    assert can(superior, Action.APPROVE, tree["a"])
    assert not can(superior, Action.APPROVE, tree["root"])


def test_two_roles_on_one_line_still_reach_the_lower_one(tree, users) -> None:
    """An approver at 区委 and at 机关党委 approves 机关党委's renewal through the role above."""
    Role.objects.create(user=users["approver"], organisation=tree["root"], role=RoleKind.APPROVER)
    approver = type(users["approver"]).objects.get(pk=users["approver"].pk)
    assert can(approver, Action.APPROVE, tree["a"])
    assert tree["a"] in set(organisations_for(approver, Action.APPROVE))
    assert tree["root"] not in set(organisations_for(approver, Action.APPROVE))


@pytest.fixture
def committee_request(tree, users):
    """机关党委's own renewal, planned and its request submitted."""
    for i in range(12):
        make_member(tree["b1"], name=f"支部{i:02d}")
    renewal = renewal_open(actor=users["staff"], branch=tree["a"])
    renewal = demo.plan(renewal, actor=users["staff"], seats=5, commission_seats=3)
    return renewal_submit_request(actor=users["staff"], renewal=renewal)


def test_the_committees_own_approver_may_not_approve_its_request(committee_request, users, tree):
    with pytest.raises(PermissionDenied):
        renewal_approve_request(actor=users["approver"], renewal=committee_request)
    committee_request.refresh_from_db()
    assert committee_request.awaiting_approval
    superior = add_superior(tree, users)
    approved = renewal_approve_request(actor=superior, renewal=committee_request)
    assert approved.phase == Phase.RECOMMEND


def test_only_the_level_above_is_asked_and_sees_it_waiting(committee_request, users, tree):
    superior = add_superior(tree, users)
    asked = set(people_who_can(Action.APPROVE, tree["a"]))
    assert superior in asked
    assert users["approver"] not in asked
    assert committee_request not in set(renewals_for(users["approver"], Action.APPROVE))
    assert committee_request in set(renewals_for(users["approver"], Action.VIEW))
    assert committee_request in set(renewals_for(superior, Action.APPROVE))
    # A branch's renewal is still the approver's at 机关党委, as before.
    branch = renewal_open(actor=users["staff"], branch=tree["b1"])
    assert branch in set(renewals_for(users["approver"], Action.APPROVE))
    assert users["approver"] in set(people_who_can(Action.APPROVE, tree["b1"]))


def test_through_the_page_only_the_superior_approves(client, committee_request, users, tree):
    superior = add_superior(tree, users)
    url = reverse("elections:renewal_transition", args=[committee_request.pk, "approve_request"])
    client.force_login(users["approver"])
    assert client.get(committee_request.get_absolute_url()).status_code == 200
    assert client.post(url, {}).status_code == 404
    committee_request.refresh_from_db()
    assert committee_request.awaiting_approval
    client.force_login(superior)
    assert client.post(url, {}).status_code == 302
    committee_request.refresh_from_db()
    assert committee_request.phase == Phase.RECOMMEND
