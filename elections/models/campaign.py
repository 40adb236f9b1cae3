"""Campaigns (集中换届): a superior committee renews many branches on one timetable."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from elections.domain.timetable import Step


class CampaignStep(models.TextChoices):
    """The timetable's steps (elections.domain.timetable.Step) with their labels."""

    PREPARE = Step.PREPARE.value, _("筹备（请示获批）")
    RECOMMEND = Step.RECOMMEND.value, _("推荐")
    VET = Step.VET.value, _("考察审查")
    PUBLICISE = Step.PUBLICISE.value, _("公示")
    MEETING = Step.MEETING.value, _("召开党员大会")
    VOTE = Step.VOTE.value, _("选举")
    APPROVE = Step.APPROVE.value, _("报批")
    ARCHIVE = Step.ARCHIVE.value, _("总结归档")


class Campaign(models.Model):
    """换届工作计划: one superior organisation's renewals of a period, on one timetable."""

    organisation = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("组织换届的党组织"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    title = models.CharField(_("标题"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    # {step code: "YYYY-MM-DD"}, one deadline per CampaignStep ("XX月X日前完成").
    deadlines = models.JSONField(_("时间安排"), default=dict, blank=True)
    # {target code: minimum percent}, e.g. {"secretary_under_45": 45, "women": 30}.
    targets = models.JSONField(_("班子结构目标"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    # The first launch; a later launch adds only the branches still missing.
    launched_at = models.DateTimeField(_("启动时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("集中换届工作计划")
        verbose_name_plural = _("集中换届工作计划")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:board", args=[self.pk])

    def deadline(self, step: str) -> date | None:
        value = self.deadlines.get(str(step))
        return date.fromisoformat(value) if value else None

    def deadline_map(self) -> dict[str, date]:
        return {step: date.fromisoformat(day) for step, day in self.deadlines.items() if day}


class RiskLevel(models.TextChoices):
    """风险研判: the superior's judgement of how hard a branch's renewal will be."""

    ONE = "1", _("一类（平稳）")
    TWO = "2", _("二类（有一定风险）")
    THREE = "3", _("三类（风险较大）")


class CampaignBranch(models.Model):
    """One organisation in a campaign's scope: proposed, added or removed by staff (with a
    reason), its renewal once launched, the problem that stopped its launch, its risk note."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("集中换届工作计划"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    branch = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="campaign_entries",
    )
    included = models.BooleanField(_("纳入本次换届"), default=True)
    # True when the campaign proposed it (term ending within the campaign, or overdue); False
    # when staff added it by hand.
    proposed = models.BooleanField(_("系统提出"), default=True)
    reason = models.CharField(_("调整理由"), max_length=200, blank=True)
    renewal = models.ForeignKey(
        "elections.Renewal",
        verbose_name=_("换届"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_entries",
    )
    # Why the last launch did not start it (no secretary role, fewer than 3 full members …).
    problem = models.CharField(_("未能启动的原因"), max_length=300, blank=True)
    risk_level = models.CharField(
        _("风险研判"), max_length=1, choices=RiskLevel.choices, blank=True
    )
    risk_note = models.TextField(_("研判说明"), blank=True)

    class Meta:
        verbose_name = _("换届范围")
        verbose_name_plural = _("换届范围")
        ordering = ["branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "branch"], name="campaign_branch_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.branch}"


class TargetCode(models.TextChoices):
    """The codes of Campaign.targets ({code: minimum percent}) and what each measures among the
    new committees; the statistics read the same codes."""

    SECRETARY_UNDER_45 = "secretary_under_45", _("45岁以下书记占比")
    WOMEN = "women", _("女性委员占比")
    COLLEGE = "college", _("大专及以上学历委员占比")
    PLEDGES = "pledges", _("候选人签订承诺书比例")


class CampaignUnit(models.Model):
    """A campaign limited to chosen branches and general branches of its organisation (each with
    its subtree); a campaign with none covers the organisation's whole subtree."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("集中换届工作计划"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    organisation = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("换届范围（选定的组织）")
        verbose_name_plural = _("换届范围（选定的组织）")
        ordering = ["organisation__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="campaign_unit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.organisation}"


class ReminderKind(models.TextChoices):
    LAUNCH = "launch", _("启动通知")
    DEADLINE = "deadline", _("完成时限提醒")
    DIGEST = "digest", _("待办汇总")


class CampaignReminder(models.Model):
    """A notice sent by mail and shown on the renewal page: a launch's notice to a branch, a
    deadline reminder (once per branch and step), an approver's digest (once a day)."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("集中换届工作计划"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ReminderKind.choices)
    entry = models.ForeignKey(
        CampaignBranch,
        verbose_name=_("换届范围"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    step = models.CharField(_("步骤"), max_length=20, choices=CampaignStep.choices, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_on = models.DateField(_("发送日期"))
    subject = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    mails = models.PositiveIntegerField(_("邮件数"), default=0)

    class Meta:
        verbose_name = _("集中换届提醒")
        verbose_name_plural = _("集中换届提醒")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "step"],
                condition=models.Q(kind="deadline"),
                name="campaign_reminder_once_per_step",
            ),
            models.UniqueConstraint(
                fields=["campaign", "recipient", "sent_on"],
                condition=models.Q(kind="digest"),
                name="campaign_digest_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
