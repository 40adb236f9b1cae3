"""The members' meeting and the first plenary: attendance, rounds, ballots, the elected."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from branches.models import Post
from elections import domain


class MeetingKind(models.TextChoices):
    MEMBERS = "members", _("党员大会")
    PLENARY = "plenary", _("支部委员会第一次全体会议")
    # Held where the members' meeting also elects a discipline inspection commission.
    COMMISSION = "commission", _("纪律检查委员会第一次全体会议")
    # One per electing unit of a delegates' congress: the unit's members elect its delegates.
    UNIT = "unit", _("选举单位党员大会")


#: The sittings whose electorate is a newly elected body: the committee's first plenary and the
#: commission's (R15).
PLENARIES = (MeetingKind.PLENARY, MeetingKind.COMMISSION)


class Meeting(models.Model):
    """One sitting that elects: the members' meeting (党员大会), the first plenary (R14, R15), or
    an electing unit's members' meeting that elects its delegates to the congress (issue 15)."""

    renewal = models.ForeignKey(
        "elections.Renewal",
        verbose_name=_("换届"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    kind = models.CharField(_("会议"), max_length=10, choices=MeetingKind.choices)
    # Set exactly for the kind UNIT: the electing unit whose delegates the meeting elects.
    unit = models.OneToOneField(
        "elections.DelegateUnit",
        verbose_name=_("选举单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting",
    )
    held_on = models.DateField(_("会议日期"), null=True, blank=True)
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    place = models.CharField(_("会议地点"), max_length=200, blank=True)
    chair = models.CharField(_("主持人"), max_length=50, blank=True)
    agenda = models.TextField(_("会议议程"), blank=True)
    notice_issued_at = models.DateTimeField(_("会议通知发出时间"), null=True, blank=True)
    method_adopted_at = models.DateTimeField(_("选举办法通过时间"), null=True, blank=True)
    scrutineers = models.ManyToManyField(
        "members.Member", verbose_name=_("监票人"), blank=True, related_name="+"
    )
    counters = models.ManyToManyField(
        "members.Member", verbose_name=_("计票人"), blank=True, related_name="+"
    )
    present = models.ManyToManyField(
        "members.Member", verbose_name=_("到会人员"), blank=True, related_name="+"
    )
    # R13: the meeting may reduce the committee's seats instead of a further election.
    seats_reduced_to = models.PositiveSmallIntegerField(_("减少后的名额"), null=True, blank=True)
    reduction_agree = models.PositiveIntegerField(_("同意减少名额人数"), null=True, blank=True)
    # Sittings that did not reach quorum (R5) and were adjourned to held_on, oldest first:
    # {"held_on", "expected", "present", "reason", "adjourned_at", "by"}.
    adjournments = models.JSONField(_("休会改期记录"), default=list, blank=True)

    class Meta:
        verbose_name = _("选举会议")
        verbose_name_plural = _("选举会议")
        constraints = [
            # One members' meeting and one of each plenary per renewal; a delegates' congress
            # holds one unit meeting per electing unit (the OneToOne on `unit`).
            models.UniqueConstraint(
                fields=["renewal", "kind"],
                condition=~models.Q(kind="unit"),
                name="one_meeting_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="unit", unit__isnull=False)
                | (~models.Q(kind="unit") & models.Q(unit__isnull=True)),
                name="unit_meeting_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.renewal} · {self.title}"

    @property
    def title(self) -> Promise:
        """What the meeting is called: its kind, and for a unit meeting the unit's name first.
        Lazy, so that an audit summary (official_text) records it in Chinese."""
        label = MeetingKind(self.kind).label
        if self.unit_id is None:
            return label
        return format_lazy("{}{}", self.unit.unit.name, label)

    @property
    def slug(self) -> str:
        """The meeting in its pages' addresses: the kind, or ``unit-<unit pk>``."""
        return self.kind if self.unit_id is None else f"unit-{self.unit_id}"


class Body(models.TextChoices):
    """What a round elects."""

    COMMITTEE = "committee", _("支部委员会委员")
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")
    # The discipline inspection commission elected beside the committee, and its secretary.
    COMMISSION = "commission", _("纪律检查委员会委员")
    COMMISSION_SECRETARY = "csecretary", _("纪律检查委员会书记")
    # A unit meeting's delegates to the congress, written as Delegate rows of the unit.
    DELEGATES = "delegates", _("党员代表大会代表")


#: The bodies the members' meeting elects by differential ballot from formal candidates.
BODIES = (Body.COMMITTEE, Body.COMMISSION)

#: What the committee is called by the kind of organisation it leads (its ballots, tally sheets,
#: result report and approval name it so): Body.COMMITTEE's own label is the branch's.
COMMITTEE_LABELS = {
    "general_branch": _("总支部委员会委员"),
    "committee": _("委员会委员"),
}


def body_label(body: str, organisation_kind: str) -> str:
    """The name of `body` in a renewal of an organisation of `organisation_kind`."""
    if body == Body.COMMITTEE and organisation_kind in COMMITTEE_LABELS:
        return str(COMMITTEE_LABELS[organisation_kind])
    return str(Body(body).label)


#: The committee's first plenary by the kind of organisation (MeetingKind.PLENARY's own label is
#: the branch's).
PLENARY_LABELS = {
    "general_branch": _("总支部委员会第一次全体会议"),
    "committee": _("委员会第一次全体会议"),
}


def meeting_label(meeting: Meeting, organisation_kind: str, *, congress: bool) -> str:
    """What `meeting` is called in a renewal of an organisation of `organisation_kind`: a unit's
    meeting by its unit, the members' meeting of a renewal by delegates' congress 党员代表大会,
    the committee's first plenary by the committee's name."""
    if meeting.unit_id is not None:
        return str(meeting.title)
    if meeting.kind == MeetingKind.MEMBERS and congress:
        return str(_("党员代表大会"))
    if meeting.kind == MeetingKind.PLENARY and organisation_kind in PLENARY_LABELS:
        return str(PLENARY_LABELS[organisation_kind])
    return str(MeetingKind(meeting.kind).label)


class RoundKind(models.TextChoices):
    FIRST = "first", _("正式选举")
    REPEAT = "repeat", _("重新投票（上一轮选举无效）")
    RUNOFF = "runoff", _("再次投票（得票相等）")
    SUPPLEMENTARY = "supplementary", _("另行选举")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class EntryMode(models.TextChoices):
    BALLOTS = "ballots", _("逐票录入")
    TOTALS = "totals", _("汇总录入")


class Round(models.Model):
    """One round of voting; `outcome` stores what it decided when it was closed (see `result`)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("轮次"))
    body = models.CharField(_("选举"), max_length=10, choices=Body.choices)
    kind = models.CharField(_("类别"), max_length=20, choices=RoundKind.choices)
    seats = models.PositiveSmallIntegerField(_("应选名额"))
    # [{"name": ..., "member": pk}] in ballot order.
    candidates = models.JSONField(_("候选人"), default=list)
    allow_write_ins = models.BooleanField(_("可另选他人"), default=True)
    # R13: a supplementary election among all the candidates not yet elected (None), or, as the
    # meeting decided, the top N of them by the votes of the round that left the seats open.
    supplementary_top_n = models.PositiveSmallIntegerField(
        _("另行选举取得票前N名"), null=True, blank=True
    )
    expected = models.PositiveIntegerField(_("应到会人数"))
    present = models.PositiveIntegerField(_("实到会有选举权人数"))
    issued = models.PositiveIntegerField(_("发出选票"))
    returned = models.PositiveIntegerField(_("收回选票"), null=True, blank=True)
    mode = models.CharField(
        _("计票录入方式"), max_length=10, choices=EntryMode.choices, default=EntryMode.BALLOTS
    )
    totals = models.JSONField(_("汇总票数"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    # RoundResult.to_json() once counted; read it through `result`.
    outcome = models.JSONField(_("计票结果"), default=dict, blank=True)
    confirmed_by = models.CharField(_("确认结果的监票人"), max_length=50, blank=True)
    opened_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投票轮次")
        verbose_name_plural = _("投票轮次")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="round_number_unique"),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="round_seats_positive"),
        ]

    def __str__(self) -> str:
        return _("第%(n)s轮 %(body)s %(kind)s") % {
            "n": self.number,
            "body": self.get_body_display(),
            "kind": self.get_kind_display(),
        }

    @property
    def names(self) -> list[str]:
        return [c["name"] for c in self.candidates]

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def result(self) -> domain.RoundResult | None:
        """What the round decided, read from `outcome`; None until it is counted."""
        return domain.RoundResult.from_json(self.outcome) if self.outcome else None


class BallotEntry(models.Model):
    """One returned ballot as keyed. Secret ballot: nothing links it to a voter."""

    round = models.ForeignKey(
        Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="ballots"
    )
    number = models.PositiveIntegerField(_("录入序号"))
    marks = models.JSONField(_("标记"), default=dict)
    write_ins = models.JSONField(_("另选他人"), default=list, blank=True)
    valid = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="ballot_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} #{self.number}"


class ValidElectedManager(models.Manager):
    """The elected whose election stands: a row declared invalid (当选无效) stays in the record
    (`Elected.records`) but no longer holds a seat."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(invalidated_at__isnull=True)


class Elected(models.Model):
    """A person elected, by which round, and (for the committee) the duty divided to them."""

    renewal = models.ForeignKey(
        "elections.Renewal",
        verbose_name=_("换届"),
        on_delete=models.CASCADE,
        related_name="elected",
    )
    body = models.CharField(_("选举"), max_length=10, choices=Body.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("党员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=50)
    votes = models.PositiveIntegerField(_("得票"))
    round = models.ForeignKey(
        Round, verbose_name=_("当选轮次"), on_delete=models.PROTECT, related_name="+"
    )
    duty = models.CharField(_("分工"), max_length=20, choices=Post.choices, blank=True)
    # Elected as a write-in (另选他人): never a candidate, so never vetted nor publicised. The
    # superior records an eligibility check of the person before it approves the result.
    write_in = models.BooleanField(_("另选他人当选"), default=False)
    checked_at = models.DateTimeField(_("资格审查时间"), null=True, blank=True)
    checked_by_name = models.CharField(_("资格审查人"), max_length=150, blank=True)
    check_note = models.TextField(_("资格审查意见"), blank=True)
    # 当选无效: the approver disqualified the person after the vote; the seat is elected again.
    invalidated_at = models.DateTimeField(_("宣布当选无效时间"), null=True, blank=True)
    invalidated_by_name = models.CharField(_("宣布当选无效的审批人"), max_length=150, blank=True)
    invalid_reason = models.TextField(_("当选无效理由"), blank=True)

    records = models.Manager()
    objects = ValidElectedManager()

    class Meta:
        verbose_name = _("当选人")
        verbose_name_plural = _("当选人")
        ordering = ["renewal", "body", "-votes", "id"]
        base_manager_name = "records"
        default_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["renewal", "body", "name"],
                condition=models.Q(invalidated_at__isnull=True),
                name="elected_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.name}"
