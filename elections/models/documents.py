"""Documents issued during a renewal, kept byte for byte with their SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .renewal import Renewal


class DocumentKind(models.TextChoices):
    REQUEST = "request", _("换届请示")
    REQUEST_REPLY = "request_reply", _("关于换届请示的批复")
    NOTICE = "notice", _("候选人预备人选公示")
    MEETING_NOTICE = "meeting_notice", _("关于召开党员大会的通知")
    METHOD = "method", _("选举办法")
    TALLY = "tally", _("计票单")
    RESULT_REPORT = "result_report", _("选举结果报告")
    RESULT_REPLY = "result_reply", _("关于选举结果的批复")
    SUMMARY = "summary", _("换届工作总结及交接清单")


class IssuedDocument(models.Model):
    """A document as issued at a phase transition, kept byte for byte with its SHA-256."""

    renewal = models.ForeignKey(
        Renewal, verbose_name=_("换届"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("文书"), max_length=30, choices=DocumentKind.choices)
    label = models.CharField(_("说明"), max_length=100, blank=True)
    file = models.FileField(_("文件"), upload_to="renewals/documents/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("形成时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("已形成文书")
        verbose_name_plural = _("已形成文书")
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.label} {self.issued_at:%Y-%m-%d}"
