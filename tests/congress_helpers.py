"""A base committee renewing by a delegates' congress, shared by the congress tests.

机关党委 (A) has two electing units: the general branch G (B2 under it: 12 full members and
李四, probationary) and the branch B1 (张三 and 30 full members).

The renewal is opened with `renewal_open` and walked with the demo's walks (elections/demo*.py),
through the same services as any renewal; 区委's approver (users["superior"]) approves.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.models import Role, RoleKind
from elections.demo_bodies import plan_to_vote
from elections.models import Delegate, DelegateUnit, Renewal
from elections.selectors.congress import unit_voters
from elections.services.congress import (
    congress_allot,
    congress_approve_allotment,
    delegate_credentials_check,
    delegate_election_record,
)
from elections.services.prepare import renewal_open
from tests.conftest import make_member


def add_superior(tree: dict[str, Any], users: dict[str, Any]) -> Any:
    """users["superior"]: an approver at 区委 (root), the level above 机关党委, who approves the
    committee's own renewal (the approver at 机关党委 may not)."""
    if "superior" not in users:
        user = get_user_model().objects.create_user(username="superior", password="pw-123456!")
        Role.objects.create(user=user, organisation=tree["root"], role=RoleKind.APPROVER)
        users["superior"] = user
    return users["superior"]


def committee_renewal(tree: dict[str, Any], users: dict[str, Any]) -> Renewal:
    """机关党委's renewal opened by its staff (five committee seats, a deputy)."""
    add_superior(tree, users)
    for i in range(12):
        make_member(tree["b2"], name=f"总支{i:02d}")
    for i in range(30):
        make_member(tree["b1"], name=f"支部{i:02d}")
    return renewal_open(actor=users["staff"], branch=tree["a"])


def to_vote(renewal: Renewal, users: dict[str, Any], *, commission: int | None = None) -> Renewal:
    """The committee's renewal walked into the vote: the plan (with `commission` seats), the
    request approved by 区委, the candidates of both bodies recommended, vetted and publicised."""
    return plan_to_vote(
        renewal, staff=users["staff"], approver=users["superior"], seats=renewal.seats,
        commission=commission,
    )  # fmt: skip


def unit_of(renewal: Renewal, code: str) -> DelegateUnit:
    return DelegateUnit.objects.select_related("unit").get(
        congress__renewal=renewal, unit__code=code
    )


def tally(unit: DelegateUnit, yes: list[int], valid: int) -> list[dict[str, Any]]:
    """The unit's voters in name order as candidates, with these yes votes; the rest of each
    valid ballot's marks are no."""
    voters = unit_voters(unit.unit)
    return [
        {"member": member, "yes": votes, "no": valid - votes, "abstain": 0}
        for member, votes in zip(voters, yes, strict=False)
    ]


def elect_delegates(renewal: Renewal, users: dict[str, Any]) -> None:
    """Allot 10 delegates (G 4, B1 6), approve, and record both units' elections."""
    staff = users["staff"]
    congress_allot(actor=staff, renewal=renewal, total=10, minimum=2)
    congress_approve_allotment(actor=users["superior"], renewal=renewal)
    renewal = to_vote(renewal, users)
    held_on = timezone.localdate() - timedelta(days=1)
    g, b1 = unit_of(renewal, "G"), unit_of(renewal, "B1")
    delegate_election_record(
        actor=staff, renewal=renewal, unit=g, held_on=held_on, expected=12, present=10,
        issued=10, returned=10, invalid=0, marks=tally(g, [9, 8, 7, 6, 3], valid=10),
    )  # fmt: skip
    delegate_election_record(
        actor=staff, renewal=renewal, unit=b1, held_on=held_on, expected=31, present=26,
        issued=26, returned=26, invalid=0,
        marks=tally(b1, [20, 19, 18, 17, 16, 15, 5, 4], valid=26),
    )  # fmt: skip


def confirm_all(renewal: Renewal, users: dict[str, Any], *, reject: str = "") -> None:
    """The credentials check confirms every delegate, except `reject` (by name) when given."""
    for delegate in Delegate.objects.filter(unit__congress__renewal=renewal):
        rejected = delegate.name == reject
        delegate_credentials_check(
            actor=users["staff"], renewal=renewal, delegate=delegate, confirmed=not rejected,
            reason="当选后受到党纪处分" if rejected else "",
        )  # fmt: skip
