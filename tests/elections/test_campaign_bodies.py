"""Issue 15, item 4: a committee's renewal and the renewals of its own general branch and
branches run in one campaign without conflict: the superior's campaign proposes all of them,
launches each its own renewal, and a member is counted in every meeting they belong to (their
branch's, their general branch's and their committee's)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.models import Term
from elections.models import Phase
from elections.selectors.prepare import census
from elections.services.campaign import campaign_launch
from tests.campaign_core_helpers import make_campaign, make_ready
from tests.congress_helpers import add_superior

pytestmark = pytest.mark.django_db


def test_a_committee_and_its_branches_renew_in_one_campaign(tree, users):
    superior = add_superior(tree, users)
    today = timezone.localdate()
    for key in ("a", "g", "b2"):
        Term.objects.create(
            organisation=tree[key], number=1, start_date=date(2023, 1, 1),
            planned_end=today + timedelta(days=20),
        )  # fmt: skip
    # Each organisation has the account of its secretary (组织委员), whom its renewal notifies.
    User = get_user_model()
    for key in ("a", "g", "b1", "b2"):
        holder = User.objects.create_user(username=f"sec-{key}", password="pw-123456!")
        make_ready(tree[key], full=0, secretary=holder)
    make_ready(tree["b1"], full=3)  # B1: 4 full members, its term overdue (conftest)
    make_ready(tree["b2"], full=3)  # B2: 3 full members and a probationary one
    campaign = make_campaign(superior, tree["root"])
    included = {e.branch.code for e in campaign.entries.filter(included=True)}
    assert {"A", "G", "B1", "B2"} <= included

    launched = campaign_launch(actor=superior, campaign=campaign)
    assert len(launched.started) == 4
    assert not launched.problems
    renewals = {e.branch.code: e.renewal for e in campaign.entries.select_related("renewal")}
    for code in ("A", "G", "B1", "B2"):
        assert renewals[code] is not None, (
            code,
            [(e.branch.code, e.problem) for e in campaign.entries.all()],
        )
        assert renewals[code].phase == Phase.PREPARE
    assert len({r.pk for code, r in renewals.items() if code in {"A", "G", "B1", "B2"}}) == 4

    # Each meeting counts its own electorate: B2's members in B2's, G's and A's meetings.
    expected = {code: census(renewals[code])["expected"] for code in ("A", "G", "B1", "B2")}
    assert expected["B2"] == 3
    assert expected["G"] == expected["B2"]
    assert expected["B1"] == 4
    assert expected["A"] == expected["B1"] + expected["G"]
