"""Nominees (recommended, vetted, publicised, formal) and objections to the public notice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .meeting import Body
from .renewal import Renewal


class NominationSource(models.TextChoices):
    MEMBERS = "members", _("党员推荐")
    SELF = "self", _("个人自荐")
    SUPERIOR = "superior", _("组织推荐")


class WithdrawalKind(models.TextChoices):
    """Why a candidate no longer stands."""

    WITHDRAWN = "withdrawn", _("本人退出")
    ILL = "ill", _("因病不能参选")
    DISQUALIFIED = "disqualified", _("取消资格")


class Nominee(models.Model):
    """A person recommended for the committee, their figures, and the superior's vetting."""

    renewal = models.ForeignKey(
        Renewal, verbose_name=_("换届"), on_delete=models.CASCADE, related_name="nominees"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        _("推荐方式"), max_length=20, choices=NominationSource.choices, default="members"
    )
    # What the nominee stands for: the committee, or (a branch without a committee, R3) the
    # secretary or the deputy, each post with its own list, vetting and notice.
    post = models.CharField(
        _("推荐职务"), max_length=10, choices=Body.choices, default=Body.COMMITTEE
    )
    votes = models.PositiveIntegerField(_("推荐票数"), default=0)
    confidence_votes = models.PositiveIntegerField(_("信任票数"), null=True, blank=True)
    on_list = models.BooleanField(_("列入初步人选"), default=False)
    adjustment_reason = models.CharField(_("调整理由"), max_length=300, blank=True)
    # Vetting by the superior (考察/审查).
    reviewed = models.BooleanField(_("已审查"), default=False)
    negative_list_checked = models.JSONField(_("负面清单已核实项"), default=list, blank=True)
    negative_list_failures = models.TextField(
        _("负面清单问题说明"), blank=True, help_text=_("有问题的，写明具体情况")
    )
    # The negative list as worded when the review was saved: [{"code", "text", "checked"}].
    negative_list_record = models.JSONField(_("负面清单核查记录"), default=list, blank=True)
    # Rules "in principle" the approver waived: [{"rule": worded failure, "reason": text}].
    eligibility_waivers = models.JSONField(_("资格条件破格说明"), default=list, blank=True)
    inspection_notes = models.TextField(_("考察情况"), blank=True)
    discipline_opinion = models.TextField(_("纪检意见"), blank=True)
    pledge = models.FileField(_("承诺书扫描件"), upload_to="renewals/pledges/%Y/", blank=True)
    approved = models.BooleanField(_("同意列为候选人预备人选"), default=False)
    # Withdrawn or removed during the public notice, with the reason.
    withdrawn_reason = models.CharField(_("退出理由"), max_length=300, blank=True)
    withdrawal_kind = models.CharField(
        _("退出情形"), max_length=20, choices=WithdrawalKind.choices, blank=True
    )
    # Confirmed by the members' meeting after deliberation (正式候选人).
    formal = models.BooleanField(_("正式候选人"), default=False)

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["-votes", "id"]
        constraints = [
            models.UniqueConstraint(fields=["renewal", "member"], name="one_nomination_per_member")
        ]

    def __str__(self) -> str:
        return str(self.member)


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已处理")


class Objection(models.Model):
    """Feedback on the public notice; anyone may send one, each must be resolved."""

    renewal = models.ForeignKey(
        Renewal, verbose_name=_("换届"), on_delete=models.CASCADE, related_name="objections"
    )
    nominee = models.ForeignKey(
        Nominee,
        verbose_name=_("涉及人选"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    # The notice it was sent during (empty for objections kept from before notices were numbered).
    notice = models.ForeignKey(
        "elections.Notice",
        verbose_name=_("公示"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    text = models.TextField(_("意见内容"), max_length=2000)
    name = models.CharField(_("反映人"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    sender_hash = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    outcome = models.TextField(_("处理结果"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示意见")
        verbose_name_plural = _("公示意见")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.renewal} · {self.created_at:%Y-%m-%d}"
