from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from elections.services.prepare import renewal_open, renewal_update_plan
from tests.conftest import make_member


@pytest.fixture
def big_branch(tree):
    """B1 with 9 full members (a committee of 3 to 5) and one probationary member."""
    b1 = tree["b1"]
    for i in range(8):
        make_member(b1, name=f"甲{i}")
    make_member(b1, name="预备", status="probationary")
    return b1


@pytest.fixture
def renewal(users, big_branch):
    return renewal_open(actor=users["secretary"], branch=big_branch)


@pytest.fixture
def planned(users, renewal):
    return renewal_update_plan(
        actor=users["secretary"],
        renewal=renewal,
        seats=5,
        secretary_only=False,
        elect_deputy=True,
        posts=["organisation", "publicity", "discipline"],
        meeting_date=timezone.localdate() + timedelta(days=30),
        meeting_place="机关三楼会议室",
        work_report="一年来，支部委员会……",
    )
