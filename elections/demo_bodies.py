"""Demo renewals of a general branch and a base committee by members' meeting, each electing a
discipline inspection commission beside its committee, walked to the vote through the same
services (and walks, elections/demo.py) as a branch's renewal."""

from __future__ import annotations

from typing import Any

from branches.models import Organisation
from elections import demo
from elections.models import Body, Renewal
from elections.selectors.prepare import census
from elections.services import prepare

#: (organisation code, committee seats, commission seats): the demo's general branch and town
#: committee, both in the vote with the meeting prepared.
BODY_RENEWALS = (("JG-ZZ", 5, 3), ("QS", 7, 3))


def seed_body_renewals(*, staff: Any, approvers: dict[str, Any]) -> list[Renewal]:
    """Open, plan, recommend, vet, publicise and prepare the meeting of each renewal in
    BODY_RENEWALS not yet opened; `approvers` by code: who approves for the superior."""
    made = []
    for code, seats, commission in BODY_RENEWALS:
        org = Organisation.objects.filter(code=code).first()
        if org is None or org.renewals.exists():
            continue
        made.append(
            walk_to_vote(
                org, staff=staff, approver=approvers[code], seats=seats, commission=commission
            )
        )
    return made


def walk_to_vote(
    org: Organisation, *, staff: Any, approver: Any, seats: int, commission: int
) -> Renewal:
    """A renewal of `org` with `seats` committee and `commission` commission seats, taken to the
    vote with the meeting notice out, the formal candidates confirmed and the method adopted."""
    renewal = prepare.renewal_open(actor=staff, branch=org)
    renewal = plan_to_vote(
        renewal, staff=staff, approver=approver, seats=seats, commission=commission
    )
    demo.prepare_meeting(renewal, actor=staff)
    renewal.refresh_from_db()
    return renewal


def plan_to_vote(
    renewal: Renewal, *, staff: Any, approver: Any, seats: int, commission: int | None
) -> Renewal:
    """The plan (`commission` seats: None where the meeting elects no commission), the request
    approved by the superior, the recommendation of the committee's and the commission's
    candidates, their vetting and public notice: into the vote."""
    renewal = demo.plan(renewal, actor=staff, seats=seats, commission_seats=commission)
    renewal = demo.submit_request(renewal, actor=staff, approver=approver)
    present = census(renewal)["expected"] - 1
    committee_nominees = seats + -(-seats // 5) + 1
    posts = [Body.COMMITTEE] * committee_nominees + [Body.COMMISSION] * (
        commission + 1 if commission else 0
    )
    demo.hold_recommendation(
        renewal, actor=staff, votes=[present] * len(posts), present=present, posts=posts
    )
    renewal = demo.vet_list(renewal, actor=staff, approver=approver)
    return demo.to_vote(renewal, actor=staff)
