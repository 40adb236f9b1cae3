"""Reads for the organisation pages: each returns what a page needs in a fixed number of queries."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import QueryDict
from django.utils import timezone

from elections import domain
from members.models import Member, MemberStatus
from members.search import member_search_q

from . import cached
from .access import Action, organisations_for, root_organisations_for
from .models import Organisation, OrganisationKind, Term

HOME_DUE_LIMIT = 20


def with_figures(qs):
    """The rows with their current term; their own members' counts (a branch's) are stored on
    the row (`member_count`, `full_count`: branches/figures.py)."""
    return qs.select_related("parent").with_current_term()


def with_subtree_counts(rows: list) -> list:
    """`rows` (from with_figures, already cut to the page) with the counts of a general branch or
    a committee taken over its whole subtree, whose members' meeting counts them all: one query
    for the rows of the page, summing the stored counts of the organisations under each (an
    indexed prefix match on the path), however long the list they were cut from."""
    others = [row for row in rows if row.kind != OrganisationKind.BRANCH]
    if not others:
        return rows
    under = {row.pk: Q(path__startswith=row.path) for row in others}
    counted = Organisation.objects.filter(reduce(or_, under.values())).aggregate(
        **{f"m{pk}": Sum("member_count", filter=q, default=0) for pk, q in under.items()},
        **{f"f{pk}": Sum("full_count", filter=q, default=0) for pk, q in under.items()},
    )
    for row in others:
        row.member_count, row.full_count = counted[f"m{row.pk}"], counted[f"f{row.pk}"]
    return rows


def renewing(qs):
    """The active organisations whose terms the due lists watch: branches, general branches and
    committees alike renew (issue 15)."""
    return qs.filter(is_active=True)


def due_filter(qs, due: str):
    """Branches whose renewal is overdue, or due within the dashboard's window (the lookups of
    domain.renewal_overdue and domain.renewal_due_within), counting an approved delay or early
    renewal (`renewal_due`, stored: branches/figures.py)."""
    first, last = domain.renewal_due_window(on=timezone.localdate())
    if due == "overdue":
        return qs.filter(renewal_due__lt=first)
    if due == "due":
        return qs.filter(renewal_due__gte=first, renewal_due__lte=last)
    return qs


def organisation_list(qs, *, q: str = "", kind: str = "", category: str = "", due: str = ""):
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        qs = qs.filter(category=category)
    qs = with_figures(qs)
    if due:
        qs = due_filter(renewing(qs), due)
    return qs.order_by("path")


#: The cached figure (branches.cached) of the organisations and branches a user sees: a new
#: version after every save and delete of an organisation (apps.py) and every move of the tree.
TREE_COUNTS = "tree-counts"


def home_for(user) -> dict[str, Any]:
    visible = organisations_for(user)
    branches = with_figures(visible.filter(kind=OrganisationKind.BRANCH, is_active=True))
    watched = with_figures(renewing(visible))
    _first, last = domain.renewal_due_window(on=timezone.localdate())
    due_soon = watched.filter(renewal_due__lte=last)  # overdue and due
    counts = cached.figure(
        TREE_COUNTS,
        cached.role_scope(user, Action.VIEW),
        lambda: visible.aggregate(
            organisations=Count("pk"),
            branches=Count("pk", filter=Q(kind=OrganisationKind.BRANCH)),
        ),
    )
    return {
        "roots": with_figures(root_organisations_for(user)).order_by("path"),
        "due_list": with_subtree_counts(
            list(due_soon.order_by("renewal_due", "path")[:HOME_DUE_LIMIT])
        ),
        "overdue_count": due_filter(watched, "overdue").count(),
        "due_count": due_filter(watched, "due").count(),
        "no_term_count": branches.filter(renewal_due__isnull=True).count(),
        "counts": counts,
    }


def organisation_detail(org: Organisation, params: QueryDict) -> dict[str, Any]:
    """The page's objects; `rows` is the list to paginate (a branch's members, else children)."""
    ancestors = Organisation.objects.filter(pk__in=org.ancestor_ids()).order_by("depth")
    context: dict[str, Any] = {"org": org, "ancestors": ancestors}
    # Every organisation renews: a branch, a general branch or a committee by members' meeting.
    context["open_renewal"] = (
        org.renewals.exclude(phase__in=["archive", "cancelled"]).order_by("-pk").first()
    )
    # Every organisation has its terms: a general branch's or a committee's are registered when
    # its renewal's result is approved.
    terms = list(Term.objects.filter(organisation=org).prefetch_related("posts"))
    current = next((t for t in terms if t.actual_end is None), None)
    context.update(current_term=current, past_terms=[t for t in terms if t is not current])
    context.update(_renewal_shifts(org, current))
    if org.is_branch:
        context.update(_branch_figures(org))
        q, status = params.get("q", "").strip(), params.get("status", "")
        rows = org.members.all()
        if q:
            rows = rows.filter(member_search_q(q, contains=True))
        if status in MemberStatus.values:
            rows = rows.filter(status=status)
        context.update(q=q, status=status, status_choices=MemberStatus.choices)
        context["rows"] = rows.order_by("name", "pk")
    else:
        context["subtree"] = Organisation.objects.subtree_of(org).aggregate(
            organisations=Count("pk"),
            branches=Count("pk", filter=Q(kind=OrganisationKind.BRANCH)),
            members=Sum("member_count", default=0),
        )
        context["rows"] = with_figures(org.children.all()).order_by("code")
    return context


#: The approved status of elections' RenewalShift (reached through the reverse relation: the
#: organisation tree imports nothing of elections but its domain).
SHIFT_APPROVED = "approved"
SHIFT_HISTORY_LIMIT = 10


def _renewal_shifts(org: Organisation, current: Term | None) -> dict[str, Any]:
    """The branch's delay and early renewal requests, newest first, and the approved one that
    moves the current term's renewal (the latest decided)."""
    shifts = list(
        org.renewal_shifts.select_related("decided_by").order_by("-requested_at", "-pk")[
            :SHIFT_HISTORY_LIMIT
        ]
    )
    approved = [
        s for s in shifts if s.status == SHIFT_APPROVED and current and s.term_id == current.pk
    ]
    latest = max(approved, key=lambda s: (s.decided_at, s.pk), default=None)
    return {"renewal_shifts": shifts, "approved_shift": latest}


def _branch_figures(org: Organisation) -> dict[str, Any]:
    today = timezone.localdate()
    fields = (
        "status", "rights", "party_probation_until", "full_member_on", "birth_date", "gender",
        "education",
    )  # fmt: skip
    facts = [m.facts() for m in Member.objects.filter(branch=org).only(*fields)]
    full = sum(1 for f in facts if f.status == domain.MemberStatus.FULL)
    try:
        seats = domain.committee_seats(full)
    except ValueError:
        seats = "too_few"
    return {
        "figures": {
            "members": len(facts),
            "full": full,
            "probationary": len(facts) - full,
            "voters": sum(1 for f in facts if domain.has_voting_rights(f, on=today)),
        },
        "seats": seats,
    }
