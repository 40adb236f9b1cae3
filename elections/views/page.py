"""The renewal page: one context from the selectors, with the forms each phase's sections show."""

from __future__ import annotations

from django.http import HttpRequest

from branches.access import Action, can
from branches.models import AuditEvent
from elections import domain
from elections.forms.approve import InvalidateForm, WriteInCheckForm
from elections.forms.archive import ArchiveForm
from elections.forms.congress import UnitCandidatesForm
from elections.forms.meeting import CandidatesForm, MeetingForm, StaffForm
from elections.forms.prepare import ExclusionForm, PlanForm
from elections.forms.recommend import NomineeForm, RecommendationForm
from elections.forms.rounds import DutiesForm
from elections.forms.vet import ReviewForm
from elections.models import (
    PHASE_ORDER,
    PLENARIES,
    Body,
    DelegateUnit,
    DocumentKind,
    Elected,
    Meeting,
    MeetingKind,
    Nominee,
    Phase,
    Renewal,
    WithdrawalKind,
)
from elections.selectors.archive import handover_table
from elections.selectors.candidates import (
    barred,
    needed_candidates,
    nominee_problems,
    proposal,
    standing_candidates,
)
from elections.selectors.congress import holds_congress, unit_candidates, unit_voters
from elections.selectors.meeting import (
    committee,
    figures,
    formal_candidates,
    meetings_of,
    method_problems,
    notice_problems,
    plenary_members,
)
from elections.selectors.prepare import (
    ballots_issued,
    census,
    census_open,
    electorate,
    roll_members,
    seat_warnings,
)
from elections.selectors.problems import describe
from elections.selectors.rounds import next_round, open_round, round_problems
from elections.selectors.rules import rule_changes
from elections.views.page_notices import publicity_context
from elections.workflow.machine import (
    blockers,
    next_step,
    offered,
    phase_flags,
    phase_open,
    plan_editable,
)
from elections.workflow.transitions import TRANSITIONS
from members.models import Member


def page_context(request: HttpRequest, renewal: Renewal, **extra) -> dict:
    user = request.user
    step = next_step(renewal)
    can_work = can(user, Action.WORK, renewal.branch)
    can_approve = can(user, Action.APPROVE, renewal.branch)
    editable = can_work and plan_editable(renewal)
    open_census = census_open(renewal)
    context = {
        "renewal": renewal,
        "phases": PHASE_ORDER,
        "phase_index": PHASE_ORDER.index(renewal.phase) if renewal.phase in PHASE_ORDER else -1,
        "step": TRANSITIONS[step] if step else None,
        "offered_steps": offered(user, renewal),
        "header_steps": offered(user, renewal, place="header"),
        "at": phase_flags(renewal),
        "step_blockers": blockers(renewal, step) if step else [],
        # Whose turn it is when the page offers this user nothing: the superior's while a
        # submission awaits it or the next step is the superior's, else the branch's.
        "waits_on_superior": renewal.awaiting_approval
        or (step is not None and TRANSITIONS[step].action == Action.APPROVE),
        "can_work": can_work,
        "can_approve": can_approve,
        "can_manage": can(user, Action.MANAGE, renewal.branch),
        "editable": editable,
        "census": census(renewal),
        # R4 after the request: exclusions and roll changes until the first ballot.
        "census_open": open_census,
        "redecide": renewal.roll is None,
        "rule_changes": rule_changes(renewal),
        "seat_warnings": seat_warnings(renewal),
        "documents": renewal.documents.select_related("issued_by"),
        "events": AuditEvent.objects.filter(
            target_type="elections.renewal", target_id=str(renewal.pk)
        ).select_related("actor")[:100],
        "doc_kinds": DocumentKind,
    }
    context.update(
        candidates_context(
            renewal,
            can_work=can_work,
            can_approve=can_approve,
            review_forms=extra.pop("review_forms", {}),
        )
    )
    context.update(publicity_context(request, renewal, can_work=can_work, can_approve=can_approve))
    context.update(vote_context(request, renewal, can_work=can_work, **extra))
    if context.get("vote"):
        context["write_in_rows"] = _write_in_rows(
            renewal, context["elected_rows"], can_approve, extra.get("write_in_forms") or {}
        )
    if context.get("vote"):
        context["invalidate_rows"] = _invalidate_rows(
            renewal, context["elected_rows"], can_approve, extra.get("invalidate_forms") or {}
        )
        context["invalid_rows"] = list(
            Elected.records.filter(renewal=renewal, invalidated_at__isnull=False)
        )
    context["withdraw_kinds"] = [
        (k.value, k.label)
        for k in WithdrawalKind
        if k != WithdrawalKind.DISQUALIFIED or can_approve
    ]
    if editable:
        context.setdefault("plan_form", PlanForm(instance=renewal))
    if can_work and open_census:
        context.setdefault("exclusion_form", ExclusionForm(renewal=renewal))
    context.update(extra)
    return context


def review_form(nominee: Nominee, *, data=None, files=None, problems=None) -> ReviewForm:
    """The review form of one nominee with the renewal's negative list, bound to `data` or
    filled with the review saved."""
    renewal = nominee.renewal
    if problems is None:
        problems = nominee_problems(renewal, [nominee])[nominee.pk]
    return ReviewForm(
        data,
        files,
        items=renewal.ruleset().negative_list,
        waivable=[describe(p) for p in problems if domain.waivable(p)],
        has_pledge=bool(nominee.pledge),
        initial={
            "negative_list_checked": nominee.negative_list_checked,
            "negative_list_failures": nominee.negative_list_failures,
            "inspection_notes": nominee.inspection_notes,
            "discipline_opinion": nominee.discipline_opinion,
            "waiver_reason": "；".join(
                dict.fromkeys(w.get("reason", "") for w in nominee.eligibility_waivers)
            ),
            "approved": nominee.approved,
        },
        prefix=f"n{nominee.pk}",
    )


def candidates_context(
    renewal: Renewal, *, can_work: bool, can_approve: bool, review_forms: dict | None = None
) -> dict:
    """What the recommend and vet sections of the renewal page show. `review_forms`: bound
    forms (by nominee pk) that a refused save brings back with what was typed."""
    if renewal.phase not in (Phase.RECOMMEND, Phase.VET, Phase.PUBLICISE):
        return {}
    review_forms = review_forms or {}
    nominees = list(renewal.nominees.select_related("member", "member__branch", "renewal"))
    problems = nominee_problems(renewal, nominees)
    outcome = proposal(renewal) if phase_open(renewal, Phase.RECOMMEND) else None
    proposed = set(outcome.accepted) if outcome else set()
    reviewing = can_approve and phase_open(renewal, Phase.VET)
    rows = [
        {
            "nominee": n,
            "problems": [describe(p) for p in problems[n.pk]],
            "barred": bool(barred(problems[n.pk])),
            "proposed": str(n.pk) in proposed,
            "review_form": (review_forms.get(n.pk) or review_form(n, problems=problems[n.pk]))
            if reviewing and n.on_list
            else None,
            "review_failed": n.pk in review_forms,
        }
        for n in nominees
    ]
    context = {
        "nominee_rows": rows,
        "needed": needed_candidates(renewal),
        "rec_valid": renewal.rec_present is not None
        and domain.recommendation_valid(expected=renewal.rec_expected, present=renewal.rec_present),
        "tied": [n for n in nominees if outcome and str(n.pk) in outcome.tied],
        "tied_places": outcome.tied_places if outcome else 0,
    }
    if can_work and phase_open(renewal, Phase.RECOMMEND):
        context["recommendation_form"] = RecommendationForm(
            initial={
                "held_on": renewal.rec_held_on,
                "expected": renewal.rec_expected,
                "present": renewal.rec_present,
                "ballots": renewal.rec_ballots,
                "representatives": renewal.rec_representatives,
            }
        )
        context["nominee_form"] = NomineeForm(renewal=renewal)
    return context


def meeting_people(renewal: Renewal, kind: str, unit: DelegateUnit | None = None):
    """Who the meeting's register lists: the unit's members at its meeting (issue 15), the new
    committee or commission at a plenary, the renewal's roll at the members' meeting."""
    if unit is not None:
        return electorate(unit.unit).order_by("name")
    if kind in PLENARIES:
        ids = [e.member_id for e in plenary_members(renewal, kind) if e.member_id]
        return Member.objects.filter(pk__in=ids).order_by("name")
    return Member.objects.filter(pk__in=[m.pk for m in roll_members(renewal)]).order_by("name")


def meeting_block(renewal: Renewal, m: Meeting, can_work: bool, extra: dict) -> dict:
    kind = m.kind
    block = {
        "meeting": m,
        "figures": figures(m),
        "plan": next_round(m),
        "open_round": open_round(m),
        "rounds": list(m.rounds.all()),
        "scrutineers": list(m.scrutineers.all()),
        "counters": list(m.counters.all()),
        "round_problems": round_problems(m),
    }
    if can_work and phase_open(renewal, Phase.VOTE):
        started = bool(block["rounds"])
        block["meeting_form"] = extra.get(f"{kind}_meeting_form") or (
            None if started else MeetingForm(instance=m, prefix=kind)
        )
        block["staff_form"] = extra.get(f"{kind}_staff_form") or StaffForm(
            people=meeting_people(renewal, kind, m.unit if m.unit_id else None),
            prefix=f"{kind}-staff",
            initial={"scrutineers": block["scrutineers"], "counters": block["counters"]},
        )
    return block


def vote_context(request: HttpRequest, renewal: Renewal, *, can_work: bool, **extra) -> dict:
    """The vote, approve and archive sections of the renewal page."""
    meetings = meetings_of(renewal)
    if renewal.phase not in (Phase.VOTE, Phase.APPROVE, Phase.ARCHIVE) or not meetings:
        return {}
    members = meeting_block(renewal, meetings[MeetingKind.MEMBERS], can_work, extra)
    context: dict = {
        "vote": True,
        "members_meeting": members,
        "formal": formal_candidates(renewal),
        "notice_problems": notice_problems(members["meeting"]),
        "method_problems": method_problems(renewal, members["meeting"]),
        "elected_rows": list(renewal.elected.select_related("member")),
        "committee": committee(renewal),
        "has_plenary": MeetingKind.PLENARY in meetings,
        "default_copies": members["figures"].expected + 5,
    }
    # Held by a delegates' congress: its own notice, method and register of delegates.
    context["by_congress"] = holds_congress(renewal)
    context["notice_kind"] = (
        DocumentKind.CONGRESS_NOTICE if context["by_congress"] else DocumentKind.MEETING_NOTICE
    )
    context["method_kind"] = (
        DocumentKind.CONGRESS_METHOD if context["by_congress"] else DocumentKind.METHOD
    )
    if phase_open(renewal, Phase.VOTE) and not ballots_issued(renewal):
        # Before the first ballot a candidate may still withdraw or be disqualified.
        context["withdrawable"] = standing_candidates(renewal)
    if context["has_plenary"]:
        context["plenary"] = meeting_block(renewal, meetings[MeetingKind.PLENARY], can_work, extra)
    if MeetingKind.COMMISSION in meetings:
        context["commission_plenary"] = meeting_block(
            renewal, meetings[MeetingKind.COMMISSION], can_work, extra
        )
    if can_work and phase_open(renewal, Phase.VOTE):
        if not members["rounds"]:
            context["candidates_form"] = extra.get("candidates_form") or CandidatesForm(
                standing=standing_candidates(renewal)
            )
        if context["committee"]:
            context["duties_form"] = extra.get("duties_form") or DutiesForm(
                members=context["committee"], leaders=leaders_of(renewal)
            )
    if can_work and phase_open(renewal, Phase.ARCHIVE):
        context["archive_form"] = extra.get("archive_form") or ArchiveForm(
            initial={"summary": renewal.summary}, handover=renewal.handover
        )
    context["handover_rows"] = _handover_rows(renewal)
    return context


def _write_in_rows(
    renewal: Renewal, elected: list, can_approve: bool, forms: dict
) -> list[tuple[Elected, WriteInCheckForm | None]]:
    """People elected as write-ins, with the check form the approver fills in for each still
    unchecked while the result awaits approval."""
    open_ = can_approve and phase_open(renewal, Phase.APPROVE)
    return [
        (e, (forms.get(e.pk) or WriteInCheckForm()) if open_ and not e.checked_at else None)
        for e in elected
        if e.write_in
    ]


def _invalidate_rows(
    renewal: Renewal, elected: list, can_approve: bool, forms: dict
) -> list[tuple[Elected, InvalidateForm]]:
    """Each person elected, once, with the 当选无效 form, for the approver while the result
    awaits approval."""
    if not (can_approve and phase_open(renewal, Phase.APPROVE)):
        return []
    seen: set = set()
    rows = []
    for e in elected:
        who = e.member_id or e.name
        if who not in seen:
            seen.add(who)
            rows.append((e, forms.get(e.pk) or InvalidateForm(prefix=f"invalid{e.pk}")))
    return rows


def leaders_of(renewal: Renewal) -> set[int]:
    return set(
        renewal.elected.filter(body__in=[Body.SECRETARY, Body.DEPUTY]).values_list(
            "member_id", flat=True
        )
    )


def _handover_rows(renewal: Renewal) -> list[dict]:
    """The handover once saved, the branch's own items included."""
    return handover_table(renewal) if renewal.handover else []


def unit_meeting_context(m: Meeting, can_work: bool, bound: dict) -> dict:
    """What an electing unit's meeting page adds to the meeting-day page: the unit, its delegate
    candidates and delegates, and while it prepares, the notice, candidates and method steps."""
    unit = m.unit
    candidates = unit_candidates(unit)
    context: dict = {
        "unit": unit,
        "unit_candidates": candidates,
        "unit_delegates": list(unit.delegates.all()),
        "notice_problems": notice_problems(m),
        "method_problems": method_problems(m.renewal, m),
        "unit_candidate_names": "、".join(member.name for member in candidates),
        # The unit's notice, method and tally sheets as issued, newest last.
        "unit_documents": list(unit.documents.order_by("issued_at", "pk")),
    }
    context["unit_delegate_names"] = "、".join(
        f"{d.name}（{d.votes}）" for d in context["unit_delegates"]
    )
    if can_work and not m.rounds.exists() and not unit.elected:
        context["unit_meeting_form"] = bound.get("unit_meeting_form") or MeetingForm(
            instance=m, prefix=m.kind
        )
        context["unit_candidates_form"] = bound.get("unit_candidates_form") or UnitCandidatesForm(
            voters=unit_voters(unit.unit, on=m.held_on),
            initial={"members": context["unit_candidates"]},
        )
    return context
