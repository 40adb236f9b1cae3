"""The demo's walks for a base committee renewing by a delegates' congress (issue 15): the
allotment proposed and approved, each unit's delegate election, the credentials check.

`seed_demo` calls these once committees can open a renewal (issue 15, part 1): allot and approve
while the committee's renewal is being prepared, then, in the vote phase, elect the delegates of
two units and leave the congress pending.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from elections import domain
from elections.models import Congress, Delegate, DelegateUnit, Renewal
from elections.selectors.congress import unit_voters
from elections.services import congress as service


def propose_congress(
    renewal: Renewal, *, actor: Any, approver: Any, total: int, minimum: int = 1
) -> Congress:
    """The plan chooses the congress with `total` delegates; the superior approves the
    allotment as proposed."""
    service.congress_allot(actor=actor, renewal=renewal, total=total, minimum=minimum)
    return service.congress_approve_allotment(actor=approver, renewal=renewal)


def elect_unit(
    renewal: Renewal, unit: DelegateUnit, *, actor: Any, held_on: date
) -> list[Delegate]:
    """The unit's members' meeting with every voter present: the first candidates by name, as
    many as the differential needs, the first `seats` of them elected by everybody's vote."""
    voters = unit_voters(unit.unit, on=held_on)
    needed = domain.delegate_min_candidates(unit.seats, renewal.ruleset())
    present = len(voters)
    marks = [
        {
            "member": member,
            "yes": present if index < unit.seats else 0,
            "no": 0 if index < unit.seats else present,
            "abstain": 0,
        }
        for index, member in enumerate(voters[:needed])
    ]
    return service.delegate_election_record(
        actor=actor, renewal=renewal, unit=unit, held_on=held_on, expected=present,
        present=present, issued=present, returned=present, invalid=0, marks=marks,
    )  # fmt: skip


def confirm_delegates(renewal: Renewal, *, actor: Any) -> None:
    """The credentials check confirms every delegate elected so far."""
    for delegate in Delegate.objects.filter(unit__congress__renewal=renewal, credential="pending"):
        service.delegate_credentials_check(
            actor=actor, renewal=renewal, delegate=delegate, confirmed=True, reason=""
        )
