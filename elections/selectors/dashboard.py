"""Reads for the dashboard and the in-app inbox, each in a fixed number of queries.

What a user sees is what their roles cover: branches and renewals of their subtree, the approval
queue where they may approve, and returned submissions where they may work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from elections.selectors.access import renewals_for
from elections.selectors.campaign_queue import (
    CAMPAIGN,
    campaign_queue,
    campaign_text,
    deadlines_due,
)
from elections.selectors.filing import FILING, awaiting_acknowledgement, filing_queue, filing_text
from elections.selectors.phases import phase_chart

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from branches import cached
from branches.access import Action, organisations_for, role_paths
from branches.models import AuditEvent
from branches.selectors import due_filter, renewing, with_figures, with_subtree_counts
from elections.models import (
    Elected,
    Exclusion,
    ExclusionStatus,
    MeetingKind,
    Notice,
    NoticeKind,
    Objection,
    ObjectionStatus,
    Phase,
    Renewal,
    RenewalShift,
    Round,
)
from elections.selectors.prepare import LATE_CENSUS_PHASES
from elections.selectors.shifts import SHIFT, SHIFT_SENT, queue_text, shift_label, shift_queue

DUE_LIMIT = 20
QUEUE_LIMIT = 50
#: An item waiting this many days or more is shown as late.
LATE_DAYS = 7
CLOSED = [Phase.ARCHIVE, Phase.CANCELLED]
RENEWAL_TARGET = "elections.renewal"
# Queue item kinds.
REQUEST = "request"
EXCLUSION = "exclusion"
RETURNED = "returned"
OBJECTION = "objection"
NOTICE = "notice"

KINDS = (REQUEST, EXCLUSION, OBJECTION, RETURNED, NOTICE, SHIFT, SHIFT_SENT, FILING, CAMPAIGN)


@dataclass(frozen=True)
class InboxItem:
    kind: str
    renewal: Renewal | None  # None for a delay or early renewal (`shift`)
    title: str
    detail: str
    since: datetime
    waited: str
    late: bool
    shift: RenewalShift | None = None
    link: str = ""  # where the item is dealt with, when not on the renewal's or shift's page

    @property
    def branch(self) -> Any:
        return self.shift.branch if self.shift else self.renewal.branch  # type: ignore[union-attr]

    @property
    def url(self) -> str:
        return self.link or (self.shift or self.renewal).get_absolute_url()  # type: ignore[union-attr]


@dataclass(frozen=True)
class Inbox:
    items: list[InboxItem]  # the oldest QUEUE_LIMIT, oldest first
    counts: dict[str, int]  # every item, by kind

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def truncated(self) -> bool:
        return len(self.items) < self.total


def waited(since: datetime, now: datetime) -> str:
    """How long something has waited, in the largest whole unit: "3天", "5小时", "12分钟"."""
    seconds = max(0, int((now - since).total_seconds()))
    days, hours, minutes = seconds // 86400, seconds // 3600, seconds // 60
    if days:
        return ngettext("%(n)d天", "%(n)d天", days) % {"n": days}
    if hours:
        return ngettext("%(n)d小时", "%(n)d小时", hours) % {"n": hours}
    if minutes:
        return ngettext("%(n)d分钟", "%(n)d分钟", minutes) % {"n": minutes}
    return _("不到1分钟")


def _renewal_events(action: str, renewal_ref: str) -> QuerySet:
    """Audit events whose action starts with `action` on the outer row's renewal, newest first."""
    return AuditEvent.objects.filter(
        target_type=RENEWAL_TARGET,
        target_id=Cast(OuterRef(renewal_ref), CharField()),
        action__startswith=action,
    ).order_by("-at", "-id")


def awaiting_approval(user: AbstractBaseUser) -> QuerySet[Renewal]:
    """Submissions waiting for this user's approval; vetting the candidates and approving the
    result are the superior's work throughout their phases."""
    return renewals_for(user, Action.APPROVE).filter(
        Q(awaiting_approval=True) | Q(phase=Phase.VET) | Q(phase=Phase.APPROVE, sealed_at=None)
    )


def pending_exclusions(user: AbstractBaseUser) -> QuerySet[Exclusion]:
    """Exclusions (R4) the user may decide: from the plan until the members' meeting issues its
    first ballot."""
    ballots = Round.objects.filter(
        meeting__renewal=OuterRef("pk"), meeting__kind=MeetingKind.MEMBERS
    )
    renewals = (
        renewals_for(user, Action.APPROVE)
        .filter(phase__in=[Phase.PREPARE, *LATE_CENSUS_PHASES], sealed_at=None)
        .exclude(Exists(ballots))
    )
    return Exclusion.objects.filter(
        status=ExclusionStatus.PENDING, renewal__in=renewals.order_by().values("pk")
    )


def open_objections(user: AbstractBaseUser) -> QuerySet[Objection]:
    """Public-notice objections the user must resolve (to any notice of a renewal still open)."""
    renewals = (
        renewals_for(user, Action.APPROVE).filter(sealed_at=None).exclude(phase=Phase.CANCELLED)
    )
    return Objection.objects.filter(
        status=ObjectionStatus.OPEN, renewal__in=renewals.order_by().values("pk")
    )


def notices_due(user: AbstractBaseUser) -> QuerySet[Renewal]:
    """Renewals of the user's branches waiting for a notice to be published: the candidates'
    notice (again, after the list came back from vetting changed), and the preliminary-list and
    appointment notices where the rule profile asks for them."""
    since_phase = Notice.objects.filter(
        renewal=OuterRef("pk"),
        kind=NoticeKind.CANDIDATES,
        published_at__gte=OuterRef("phase_entered_at"),
    )
    of_kind = {k: Notice.objects.filter(renewal=OuterRef("pk"), kind=k) for k in NoticeKind}
    return renewals_for(user, Action.WORK).filter(
        Q(phase=Phase.PUBLICISE, awaiting_approval=False) & ~Exists(since_phase)
        | Q(phase__in=[Phase.RECOMMEND, Phase.VET], rules__preliminary_notice=True)
        & ~Exists(of_kind[NoticeKind.PRELIMINARY])
        | Q(phase=Phase.ARCHIVE, sealed_at=None, rules__appointment_notice_days__gt=0)
        & ~Exists(of_kind[NoticeKind.APPOINTMENT])
    )


def _notice_title(renewal: Renewal) -> str:
    if renewal.phase == Phase.PUBLICISE:
        return _("候选人预备人选待公示")
    if renewal.phase == Phase.ARCHIVE:
        return _("新一届委员会待任职公示")
    return _("候选人初步人选待公示")


def returned(user: AbstractBaseUser) -> QuerySet[Renewal]:
    """The user's branches' submissions that the superior sent back, not yet resubmitted."""
    return (
        renewals_for(user, Action.WORK)
        .filter(awaiting_approval=False)
        .exclude(return_reason="")
        .exclude(phase__in=CLOSED)
    )


def _may_act(user: AbstractBaseUser) -> bool:
    return user.is_superuser or bool(
        role_paths(user, Action.APPROVE) or role_paths(user, Action.WORK)
    )


#: The cached figure (branches.cached) of a user's inbox counts, the badge on every page: any
#: save or delete of a row of the elections app makes a new version (elections/apps.py); writes
#: that send no signal are seen within INBOX_TIMEOUT seconds. The key holds the user, their
#: roles and the day (campaign deadlines fall due by the day).
INBOX = "inbox-counts"
INBOX_TIMEOUT = 60


def _counts(user: AbstractBaseUser) -> dict[str, int]:
    """Items by kind: cached, or one query."""
    roles = cached.role_scope(user, Action.APPROVE, Action.WORK)
    scope = f"{user.pk}|{timezone.localdate()}|{roles}"
    return cached.figure(INBOX, scope, lambda: _live_counts(user), timeout=INBOX_TIMEOUT)


def _live_counts(user: AbstractBaseUser) -> dict[str, int]:
    """Items by kind in one query: a UNION ALL of grouped counts."""
    parts = [
        qs.order_by()
        .values(item_kind=Value(kind))
        .annotate(n=Count("pk"))
        .values_list("item_kind", "n")
        for kind, qs in (
            (REQUEST, awaiting_approval(user)),
            (EXCLUSION, pending_exclusions(user)),
            (OBJECTION, open_objections(user)),
            (RETURNED, returned(user)),
            (NOTICE, notices_due(user)),
            *shift_queue(user).items(),
            (FILING, awaiting_acknowledgement(user)),
            (CAMPAIGN, deadlines_due(user, today=timezone.localdate(timezone.now()))),
        )
    ]
    found = dict(parts[0].union(*parts[1:], all=True))
    return {kind: found.get(kind, 0) for kind in KINDS}


def _todo(counts: dict[str, int]) -> int:
    """The badge counts what the user must do, not their branches' requests awaiting others."""
    return sum(n for kind, n in counts.items() if kind != SHIFT_SENT)


def inbox_count(user: AbstractBaseUser) -> int:
    """What the navbar badge shows: at most two queries a request (roles, then counts)."""
    if not user.is_authenticated:
        return 0
    cached = getattr(user, "_huanjie_inbox_count", None)
    if cached is None:
        cached = _todo(_counts(user)) if _may_act(user) else 0
        user._huanjie_inbox_count = cached
    return cached


def _request_title(renewal: Renewal) -> str:
    if renewal.phase == Phase.PREPARE:
        return _("换届请示待批复")
    if renewal.phase == Phase.VET:
        return _("候选人初步人选待考察审查")
    if renewal.phase == Phase.APPROVE:
        return _("选举结果报告待批复")
    return _("“%(phase)s”阶段报送的材料待审批") % {"phase": renewal.get_phase_display()}


def inbox_for(user: AbstractBaseUser, *, now: datetime | None = None) -> Inbox:
    """What awaits the user, oldest first; a fixed number of queries whatever the data size."""
    counts = dict.fromkeys(KINDS, 0)
    if not user.is_authenticated or not _may_act(user):
        return Inbox(items=[], counts=counts)
    now = now or timezone.now()
    counts = _counts(user)
    user._huanjie_inbox_count = _todo(counts)

    def listed(kind: str) -> int:
        """How many of a kind to read: none where the count says there are none (no query)."""
        return min(counts[kind], QUEUE_LIMIT)

    def item(kind: str, renewal, title: str, detail: str, since: datetime, **extra) -> InboxItem:
        late = (now - since).days >= LATE_DAYS
        return InboxItem(kind, renewal, title, detail, since, waited(since, now), late, **extra)

    items = []
    unchecked = (
        Elected.objects.filter(renewal=OuterRef("pk"), write_in=True, checked_at__isnull=True)
        .values("renewal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    requests = awaiting_approval(user).annotate(
        since=Case(
            When(phase=Phase.VET, then=F("phase_entered_at")),
            default=Coalesce("submitted_at", "phase_entered_at"),
        ),
        unchecked_write_ins=Subquery(unchecked),
    )
    for r in requests.order_by("since", "pk")[: listed(REQUEST)]:
        detail = ""
        if r.phase == Phase.APPROVE and r.unchecked_write_ins:
            detail = _("%(n)s 人系另选他人当选，须先审查其资格") % {"n": r.unchecked_write_ins}
        items.append(item(REQUEST, r, _request_title(r), detail, r.since))

    exclusions = (
        pending_exclusions(user)
        .select_related("member", "renewal__branch", "renewal__branch__parent")
        .annotate(since=F("created_at"))
    )
    for e in exclusions.order_by("since", "pk")[: listed(EXCLUSION)]:
        detail = f"{e.member.name}：{e.get_reason_display()}"
        items.append(item(EXCLUSION, e.renewal, _("不计入应到会人数的申请待审批"), detail, e.since))

    objections = (
        open_objections(user)
        .select_related("nominee__member", "renewal__branch", "renewal__branch__parent")
        .annotate(since=F("created_at"))
    )
    for o in objections.order_by("since", "pk")[: listed(OBJECTION)]:
        about = o.nominee.member.name if o.nominee else _("（不特指某人）")
        items.append(item(OBJECTION, o.renewal, _("公示意见待处理"), about, o.since))

    returned_at = _renewal_events("return_", "pk").values("at")[:1]
    sent_back = returned(user).annotate(since=Coalesce(Subquery(returned_at), "phase_entered_at"))
    for r in sent_back.order_by("since", "pk")[: listed(RETURNED)]:
        items.append(item(RETURNED, r, _("被退回，待修改"), r.return_reason, r.since))

    due = notices_due(user).annotate(since=F("phase_entered_at"))
    for r in due.order_by("since", "pk")[: listed(NOTICE)]:
        items.append(item(NOTICE, r, _notice_title(r), "", r.since))

    for kind, qs in shift_queue(user).items():
        for s in qs.order_by("requested_at", "pk")[: listed(kind)]:
            items.append(item(kind, None, *queue_text(kind, s), s.requested_at, shift=s))

    for f in filing_queue(user)[: listed(FILING)]:
        items.append(item(FILING, f.renewal, *filing_text(f), f.since, link=f.get_absolute_url()))

    today = timezone.localdate(now)
    for r in campaign_queue(user, today=today)[: listed(CAMPAIGN)]:
        title, detail, late = campaign_text(r, today=today)
        since = r.phase_entered_at
        items.append(InboxItem(CAMPAIGN, r, title, detail, since, waited(since, now), late))

    # The oldest QUEUE_LIMIT of each kind hold the oldest QUEUE_LIMIT of all.
    items.sort(key=lambda i: i.since)
    return Inbox(items=items[:QUEUE_LIMIT], counts=counts)


def _open_renewal(field: str) -> Subquery:
    open_renewals = Renewal.objects.filter(branch=OuterRef("pk")).exclude(phase__in=CLOSED)
    return Subquery(open_renewals.order_by("-pk").values(field)[:1])


def _due_rows(qs: QuerySet) -> list:
    rows = with_subtree_counts(list(qs[:DUE_LIMIT]))
    for row in rows:
        row.open_renewal_label = Phase(row.open_renewal_phase).label if row.open_renewal_pk else ""
        shift = row.current_term_shift
        row.shift_label = shift_label(shift, row.current_term_shift_date) if shift else ""
    return rows


def dashboard_for(user: AbstractBaseUser) -> dict[str, Any]:
    """The due and overdue lists count approved delays and early renewals (`renewal_due`)."""
    branches = with_figures(renewing(organisations_for(user)))
    listed = branches.annotate(
        open_renewal_pk=_open_renewal("pk"), open_renewal_phase=_open_renewal("phase")
    ).order_by("renewal_due", "path")
    chart = phase_chart(user)
    return {
        "due_sections": [
            {
                "due": due,
                "rows": _due_rows(due_filter(listed, due)),
                "count": due_filter(branches, due).count(),
            }
            for due in ("overdue", "due")
        ],
        "chart": chart,
        "renewal_total": sum(bar.count for bar in chart),
        "inbox": inbox_for(user),
    }
