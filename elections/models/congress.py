"""The delegates' congress (党员代表大会) of a base committee: the delegate allotment the superior
approves, each electing unit's delegate election, the credentials check and the sign-in.

A renewal is held by a congress when it has a :class:`Congress`; without one it is held by the
members' meeting. The plan chooses the method and the superior approves it with the request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Congress(models.Model):
    """The renewal's congress: how many delegates, how they are allotted, who approved it."""

    renewal = models.OneToOneField(
        "elections.Renewal",
        verbose_name=_("换届"),
        on_delete=models.CASCADE,
        related_name="congress",
    )
    total = models.PositiveSmallIntegerField(_("代表总名额"))
    minimum = models.PositiveSmallIntegerField(_("每个选举单位最少名额"), default=1)
    allotted_at = models.DateTimeField(_("分配时间"), default=timezone.now)
    approved_at = models.DateTimeField(_("上级批准时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("党员代表大会")
        verbose_name_plural = _("党员代表大会")
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=1), name="congress_total_positive")
        ]

    def __str__(self) -> str:
        return _("%(renewal)s · 党员代表大会（代表%(n)s名）") % {
            "renewal": self.renewal,
            "n": self.total,
        }

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class DelegateUnit(models.Model):
    """One electing unit (a branch or general branch under the committee) and its delegates:
    the share the allotment gave it, any change with its reason, and its election's tally."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("党员代表大会"), on_delete=models.CASCADE, related_name="units"
    )
    unit = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("选举单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.PositiveIntegerField(_("党员人数"))
    proposed = models.PositiveSmallIntegerField(_("按比例分配名额"))
    seats = models.PositiveSmallIntegerField(_("代表名额"))
    change_reason = models.TextField(_("调整理由"), blank=True)
    # The unit's members' meeting that elected its delegates, as its tally sheet reads; the
    # candidates' marks are {"name", "member", "yes", "no", "abstain"} in ballot order.
    held_on = models.DateField(_("选举日期"), null=True, blank=True)
    expected = models.PositiveIntegerField(_("应到会人数"), null=True, blank=True)
    present = models.PositiveIntegerField(_("实到会有选举权人数"), null=True, blank=True)
    issued = models.PositiveIntegerField(_("发出选票"), null=True, blank=True)
    returned = models.PositiveIntegerField(_("收回选票"), null=True, blank=True)
    invalid = models.PositiveIntegerField(_("无效票"), null=True, blank=True)
    tally = models.JSONField(_("计票结果"), default=list, blank=True)
    # The delegate candidates the unit's members' meeting confirmed (R6 over the unit's seats).
    candidates = models.ManyToManyField(
        "members.Member", verbose_name=_("代表候选人"), blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("录入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("选举单位")
        verbose_name_plural = _("选举单位")
        ordering = ["congress", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "unit"], name="one_share_per_unit")
        ]

    def __str__(self) -> str:
        return _("%(unit)s（代表%(n)s名）") % {"unit": self.unit, "n": self.seats}

    @property
    def elected(self) -> bool:
        return self.recorded_at is not None


class Credential(models.TextChoices):
    PENDING = "pending", _("待审查")
    CONFIRMED = "confirmed", _("资格有效")
    REJECTED = "rejected", _("资格无效")


class Delegate(models.Model):
    """A delegate elected by a unit; the credentials check (代表资格审查) confirms or rejects them;
    a confirmed delegate signs in at the congress."""

    unit = models.ForeignKey(
        DelegateUnit, verbose_name=_("选举单位"), on_delete=models.CASCADE, related_name="delegates"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    votes = models.PositiveIntegerField(_("得票"))
    credential = models.CharField(
        _("代表资格"), max_length=10, choices=Credential.choices, default=Credential.PENDING
    )
    credential_reason = models.TextField(_("审查意见"), blank=True)
    checked_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    checked_by_name = models.CharField(_("审查人"), max_length=150, blank=True)
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("党员代表")
        verbose_name_plural = _("党员代表")
        ordering = ["unit", "-votes", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "member"], name="one_delegate_per_member"),
            models.CheckConstraint(
                condition=models.Q(signed_in_at__isnull=True) | models.Q(credential="confirmed"),
                name="only_confirmed_delegates_sign_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit.unit}）"


class WorkReport(models.TextChoices):
    """The reports the congress adopts by vote, each by the body that made it."""

    COMMITTEE = "committee", _("委员会工作报告")
    COMMISSION = "commission", _("纪律检查委员会工作报告")


class ReportVote(models.Model):
    """The congress's vote on a work report: the delegates present, yes, no, abstain and whether
    it was adopted (domain.work_report_adopted). Recorded again, it replaces the figures."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("党员代表大会"), on_delete=models.CASCADE, related_name="votes"
    )
    report = models.CharField(_("报告"), max_length=10, choices=WorkReport.choices)
    present = models.PositiveIntegerField(_("到会代表"))
    yes = models.PositiveIntegerField(_("赞成"))
    no = models.PositiveIntegerField(_("反对"))
    abstain = models.PositiveIntegerField(_("弃权"))
    adopted = models.BooleanField(_("通过"))
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("工作报告表决")
        verbose_name_plural = _("工作报告表决")
        ordering = ["congress", "report"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "report"], name="report_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_report_display()}：{self.yes}/{self.no}/{self.abstain}"
