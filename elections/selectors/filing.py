"""Reads of filings (备案): where a renewal is filed, who may see and acknowledge a filing, the
queue of the level above, the filing list, and the secretaries' profiles (一人一档) it holds.

A filing is seen by whoever may see its filer (the superior that approved, and every level above
it) and acknowledged by whoever may approve for the filer: the approvers of the level above, as an
approval comes from the level above (branches.access)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import Action, subtree_q
from branches.models import Organisation, TermPost
from elections import domain
from elections.models import (
    Body,
    DocumentKind,
    Elected,
    Filing,
    MeetingKind,
    Renewal,
    body_label,
)
from elections.selectors.numbering import issuing_organisation

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

#: The people a filing holds a profile of: those whose post the superior approves (R16).
PROFILED = (Body.SECRETARY, Body.DEPUTY, Body.COMMISSION_SECRETARY)
#: The documents the renewal issued that a filing holds, in the filing's order.
FILED_KINDS = (DocumentKind.RESULT_REPORT, DocumentKind.RESULT_REPLY)


def files_upward(branch: Organisation) -> bool:
    """Whether a renewal of `branch` is filed: its superior (who approves the result and issues
    the 批复, elections.selectors.numbering) has a parent. A superior at the top of the tree has
    nobody above it to keep the record, so nothing is filed."""
    return branch.parent_id is not None and branch.parent.parent_id is not None


def filing_route(renewal: Renewal) -> tuple[Organisation, Organisation] | None:
    """(who files, with whom): the superior that approved the result files with its parent."""
    superior = issuing_organisation(renewal, DocumentKind.RESULT_REPLY)
    if superior is None or not files_upward(renewal.branch):
        return None
    return superior, superior.parent


def filings_for(user: AbstractBaseUser, action: Action = Action.VIEW) -> QuerySet[Filing]:
    """The filings the user may see (VIEW on the filer) or acknowledge (APPROVE on the filer)."""
    q = subtree_q(user, action, "filed_by__path")
    qs = Filing.objects.select_related(
        "renewal", "renewal__branch", "renewal__branch__parent", "filed_by", "filed_to"
    )
    return qs if q is None else qs.filter(q)


def get_filing_for(user: AbstractBaseUser, pk: int, *, action: Action = Action.VIEW) -> Filing:
    """The access helper of the filing views: a filing out of the user's sight is 404."""
    filing = filings_for(user, action).filter(pk=pk).first()
    if filing is None:
        raise Http404
    return filing


#: The dashboard's queue item kind (elections.selectors.dashboard).
FILING = "filing"


def awaiting_acknowledgement(user: AbstractBaseUser) -> QuerySet[Filing]:
    """Filings waiting for this user to acknowledge them (the dashboard's queue)."""
    return filings_for(user, Action.APPROVE).filter(acknowledged_at__isnull=True)


def filing_queue(user: AbstractBaseUser) -> QuerySet[Filing]:
    """The dashboard's filing items, oldest first, each with the time it has waited since."""
    return awaiting_acknowledgement(user).annotate(since=F("filed_at")).order_by("since", "pk")


def filing_text(filing: Filing) -> tuple[str, str]:
    """A filing item's title and detail, naming who filed it."""
    return _("换届结果待备案"), _("%(org)s 报送") % {"org": filing.filed_by.name}


PENDING, ACKNOWLEDGED = "pending", "acknowledged"
RECEIVED = "received"


def filing_list(
    user: AbstractBaseUser, *, q: str = "", state: str = "", received: bool = False
) -> QuerySet[Filing]:
    """The filings page: those the user may see (or, `received`, may acknowledge), filtered by
    state and searched by the branch's or the filer's name or code; newest first."""
    qs = filings_for(user, Action.APPROVE if received else Action.VIEW)
    if q:
        qs = qs.filter(
            Q(renewal__branch__name__icontains=q)
            | Q(renewal__branch__code__icontains=q)
            | Q(filed_by__name__icontains=q)
        )
    if state == PENDING:
        qs = qs.filter(acknowledged_at__isnull=True)
    elif state == ACKNOWLEDGED:
        qs = qs.filter(acknowledged_at__isnull=False)
    return qs.annotate(document_count=Count("documents")).order_by("-filed_at", "-pk")


def filing_documents(filing: Filing) -> QuerySet:
    return filing.documents.select_related("issued")


# The secretaries' profiles (一人一档).


@dataclass(frozen=True)
class Vote:
    """One election of the person: by which sitting, on which day, with how many votes."""

    what: str  # 当选支部委员会委员, 当选书记 …
    sitting: str  # 党员大会, 支部委员会第一次全体会议 …
    held_on: date | None
    votes: int
    present: int
    expected: int


@dataclass(frozen=True)
class PastPost:
    start: date
    end: date | None
    organisation: str
    term: int
    post: str


@dataclass(frozen=True)
class Profile:
    """What a profile prints of one person elected to a post the superior approves."""

    name: str
    post: str  # 书记, 副书记, 纪委书记
    branch: Organisation
    sex: str
    ethnicity: str
    birth_date: date | None
    age: int | None
    education: str
    joined_on: date | None
    full_member_on: date | None
    party_age: int | None
    is_member: bool
    votes: tuple[Vote, ...]
    past_posts: tuple[PastPost, ...]
    elected_on: date
    approved_on: date | None


def _approved_on(renewal: Renewal) -> date | None:
    stamp = (renewal.timeline or {}).get("archive")
    return timezone.localtime(datetime.fromisoformat(stamp)).date() if stamp else None


def _vote(row: Elected, kind: str) -> Vote:
    round_ = row.round
    return Vote(
        what=body_label(row.body, kind),
        sitting=round_.meeting.get_kind_display(),
        held_on=round_.meeting.held_on,
        votes=row.votes,
        present=round_.present,
        expected=round_.expected,
    )


def _past_posts(members: list[int], branch: Organisation, since: date) -> dict[int, list]:
    """Posts each member held in earlier terms, oldest first; the term the election opens (of
    this branch, starting on or after the election) is not a past post."""
    rows = (
        TermPost.objects.filter(member_id__in=members)
        .exclude(term__organisation=branch, term__start_date__gte=since)
        .select_related("term__organisation")
        .order_by("term__start_date", "pk")
    )
    found: dict[int, list] = {}
    for row in rows:
        term = row.term
        found.setdefault(row.member_id, []).append(
            PastPost(
                start=term.start_date,
                end=term.actual_end or term.planned_end,
                organisation=term.organisation.name,
                term=term.number,
                post=row.get_post_display(),
            )
        )
    return found


def secretary_profiles(renewal: Renewal, *, elected_on: date) -> list[Profile]:
    """One profile per person elected secretary, deputy or commission secretary, in that order;
    `elected_on` is the day of the members' meeting. A fixed number of queries."""
    rows = list(
        Elected.objects.filter(renewal=renewal)
        .select_related("member", "round__meeting")
        .order_by("pk")
    )
    order = {body: i for i, body in enumerate(PROFILED)}
    chosen = sorted((r for r in rows if r.body in order), key=lambda r: (order[r.body], r.pk))
    members = [r.member_id for r in chosen if r.member_id]
    past = _past_posts(members, renewal.branch, elected_on)
    approved_on = _approved_on(renewal)
    profiles = []
    for row in chosen:
        same = [
            r
            for r in rows
            if (r.member_id == row.member_id if row.member_id else r.name == row.name)
            and (r.body == row.body or r.body in (Body.COMMITTEE, Body.COMMISSION))
        ]
        member = row.member
        profiles.append(
            Profile(
                name=row.name,
                post=body_label(row.body, renewal.branch.kind),
                branch=renewal.branch,
                sex=member.get_gender_display() if member else "",
                ethnicity=member.ethnicity if member else "",
                birth_date=member.birth_date if member else None,
                age=domain.whole_years(since=member.birth_date, on=elected_on)
                if member and member.birth_date
                else None,
                education=member.get_education_display() if member else "",
                joined_on=member.joined_on if member else None,
                full_member_on=member.full_member_on if member else None,
                party_age=domain.party_age_years(
                    full_member_since=member.full_member_on, on=elected_on
                )
                if member and member.full_member_on
                else None,
                is_member=member is not None,
                votes=tuple(
                    _vote(r, renewal.branch.kind) for r in sorted(same, key=_sitting_order)
                ),
                past_posts=tuple(past.get(row.member_id, ())),
                elected_on=elected_on,
                approved_on=approved_on,
            )
        )
    return profiles


def _sitting_order(row: Elected) -> tuple:
    kinds = [MeetingKind.MEMBERS, MeetingKind.PLENARY, MeetingKind.COMMISSION]
    kind = row.round.meeting.kind
    return (kinds.index(kind) if kind in kinds else 0, row.round.number, row.pk)
