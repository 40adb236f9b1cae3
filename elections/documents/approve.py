"""Documents of the approve phase: the result report (R17) and the approval reply."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from branches.models import COMMISSION_POSTS, Post
from branches.services import planned_term_end
from elections.documents.common import (
    adjourned,
    chinese_date,
    chinese_number,
    doc_number,
    local_day,
    meeting_or_none,
    plan_context,
    staff_names,
    stroke_sorted,
)
from elections.documents.units import delegates_summary
from elections.models import (
    Body,
    Congress,
    DocumentKind,
    Elected,
    MeetingKind,
    Renewal,
    ReportVote,
    Round,
)
from elections.selectors.archive import term_posts
from elections.selectors.congress import holds_congress
from elections.selectors.count import round_sheet
from elections.selectors.rounds import rounds_of
from elections.selectors.rules import rule_changes


def _elected_names(renewal: Renewal, body: str) -> list[str]:
    return stroke_sorted([e.name for e in renewal.elected.filter(body=body)])


def _commission_names(renewal: Renewal) -> dict[str, list[str]]:
    """The discipline inspection commission elected beside the committee, and its secretary."""
    return {
        "commission": _elected_names(renewal, Body.COMMISSION),
        "commission_secretary": _elected_names(renewal, Body.COMMISSION_SECRETARY),
    }


def duties_rows(renewal: Renewal) -> list[tuple[str, str, int]]:
    """(post label, name, votes) of the new committee, secretary first (R17 分工)."""
    bodies = [Body.SECRETARY, Body.DEPUTY] if renewal.secretary_only else [Body.COMMITTEE]
    votes = {e.name: e.votes for e in renewal.elected.filter(body__in=bodies)}
    posts = [p for p in term_posts(renewal) if p[0] not in COMMISSION_POSTS]
    return [(str(Post(post).label), name, votes.get(name)) for post, _member, name in posts]


def _meeting_block(
    renewal: Renewal, kind: str, rounds: list[Round], congress: bool
) -> dict[str, Any] | None:
    meeting = meeting_or_none(renewal, kind)
    if meeting is None:
        return None
    mine = [r for r in rounds if r.meeting_id == meeting.pk]
    first = mine[0] if mine else None
    return {
        "meeting": meeting,
        "day": chinese_date(meeting.held_on) if meeting.held_on else "",
        "sheets": [
            round_sheet(r, organisation_kind=renewal.branch.kind, congress=congress) for r in mine
        ],
        "expected": first.expected if first else None,
        "present": first.present if first else None,
        "adjourned": adjourned(meeting),
        **staff_names(meeting),
    }


def result_report(renewal: Renewal, number: str = "") -> tuple[str, dict[str, Any]]:

    rounds = rounds_of(renewal)
    congress = Congress.objects.filter(renewal=renewal).exists()
    members = _meeting_block(renewal, MeetingKind.MEMBERS, rounds, congress)
    plenary = _meeting_block(renewal, MeetingKind.PLENARY, rounds, congress)
    commission = _meeting_block(renewal, MeetingKind.COMMISSION, rounds, congress)
    blocks = [
        b for b in (members, plenary, commission) if b is not None and (b["sheets"] or b is members)
    ]
    for position, block in enumerate(blocks, start=1):
        block["number"] = chinese_number(position)
    context = plan_context(renewal)
    context.update(
        members=members,
        blocks=blocks,
        result_number=chinese_number(len(blocks) + 1),
        lenient=renewal.ruleset().quorum == "lenient",
        committee=_elected_names(renewal, Body.COMMITTEE),
        secretary=_elected_names(renewal, Body.SECRETARY),
        deputy=_elected_names(renewal, Body.DEPUTY),
        **_commission_names(renewal),
        duties=duties_rows(renewal),
        rule_changes=rule_changes(renewal),
        write_ins=list(renewal.elected.filter(write_in=True)),
        # A congress's votes on the work reports (none without a congress).
        report_votes=list(ReportVote.objects.filter(congress__renewal=renewal).order_by("-report")),
        # Held by a delegates' congress: its sitting and its delegates, not a members' meeting.
        congress=congress,
        # ... whose delegates each electing unit elected (issue 15).
        delegates=delegates_summary(renewal),
        # 当选无效: kept in the record and reported, the seat elected again.
        invalidated=list(
            Elected.records.filter(renewal=renewal, invalidated_at__isnull=False).order_by(
                "invalidated_at", "pk"
            )
        ),
        **doc_number(renewal, DocumentKind.RESULT_REPORT, number),
    )
    return "pdf/result_report.html", context


def new_term_context(renewal: Renewal) -> dict[str, Any]:
    """The term the election opens: as started on approval, or as it will start today."""
    branch = renewal.branch
    term = branch.current_term()
    approved = renewal.timeline.get("archive")
    if term and approved and term.start_date >= local_day(datetime.fromisoformat(approved)):
        number, start, end = term.number, term.start_date, term.planned_end
    else:
        start = timezone.localdate()
        number = term.number + 1 if term else 1
        end = planned_term_end(organisation=branch, start_date=start)
    years = renewal.ruleset().term_years_for(branch.category or "other")
    return {
        "new_number": number,
        "new_years": chinese_number(years),
        "new_start": chinese_date(start),
        "new_end": chinese_date(end),
    }


def result_reply(renewal: Renewal, number: str = "") -> tuple[str, dict[str, Any]]:
    context = plan_context(renewal)
    context.update(new_term_context(renewal))
    context.update(
        committee=_elected_names(renewal, Body.COMMITTEE),
        secretary=_elected_names(renewal, Body.SECRETARY),
        deputy=_elected_names(renewal, Body.DEPUTY),
        **_commission_names(renewal),
        record_only=renewal.ruleset().committee_approval == "record",
        meeting_word="党员代表大会" if holds_congress(renewal) else "党员大会",
        **doc_number(renewal, DocumentKind.RESULT_REPLY, number),
    )
    return "pdf/result_reply.html", context
