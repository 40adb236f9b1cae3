"""A campaign's launch as a background job (elections.services.campaign_launch): who asked, how
far it has got, and what it did. The launch page shows the latest one's progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .campaign import Campaign


class LaunchStatus(models.TextChoices):
    PENDING = "pending", _("等待启动")
    RUNNING = "running", _("启动中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("启动失败")


class CampaignLaunch(models.Model):
    """One click of 确认启动. The job starts the renewals one by one (each committed with its
    own audit event), so a launch cut off keeps what it started and the next one adds the rest."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("集中换届工作计划"),
        on_delete=models.CASCADE,
        related_name="launches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("启动人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=LaunchStatus.choices, default=LaunchStatus.PENDING
    )
    # The names of members' jobs, so their progress bar (job_progress.html) shows this one too.
    processed_rows = models.PositiveIntegerField(_("已处理"), default=0)
    total_rows = models.PositiveIntegerField(_("共计"), default=0)
    started = models.PositiveIntegerField(_("启动"), default=0)
    adopted = models.PositiveIntegerField(_("纳入跟踪"), default=0)
    problems = models.PositiveIntegerField(_("未能启动"), default=0)
    message = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("集中换届启动")
        verbose_name_plural = _("集中换届启动")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (LaunchStatus.DONE, LaunchStatus.FAILED)

    @property
    def failed(self) -> bool:
        return self.status == LaunchStatus.FAILED

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
