"""Filing upward (备案): once the superior has approved a result, it files the result report,
its reply and the secretaries' profiles (一人一档) with the organisation above it, which
acknowledges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .documents import IssuedDocument
from .renewal import Renewal


class Filing(models.Model):
    """One approved renewal filed by the superior that approved it (the branch's parent, which
    issues the 批复) with that superior's own parent."""

    renewal = models.OneToOneField(
        Renewal, verbose_name=_("换届"), on_delete=models.CASCADE, related_name="filing"
    )
    filed_by = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("报送单位"),
        on_delete=models.PROTECT,
        related_name="filings_sent",
    )
    filed_to = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("备案单位"),
        on_delete=models.PROTECT,
        related_name="filings_received",
    )
    filed_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    filed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The acknowledging organisation's remark (e.g. "材料齐全，予以备案").
    note = models.TextField(_("备案意见"), blank=True)

    class Meta:
        verbose_name = _("备案")
        verbose_name_plural = _("备案")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(filed_by=models.F("filed_to")),
                name="filing_goes_upward",
            ),
            models.CheckConstraint(
                condition=models.Q(acknowledged_by__isnull=True)
                | models.Q(acknowledged_at__isnull=False),
                name="filing_acknowledged_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.renewal.branch} → {self.filed_to}"

    def get_absolute_url(self) -> str:
        return reverse("filings:detail", args=[self.pk])

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class FilingDocumentKind(models.TextChoices):
    RESULT_REPORT = "result_report", _("选举结果报告")
    RESULT_REPLY = "result_reply", _("关于选举结果的批复")
    PROFILE = "profile", _("任职人选基本情况（一人一档）")


class FilingDocument(models.Model):
    """A document in a filing, with its SHA-256: a document the renewal issued (the result report
    and the reply, kept once in the renewal's record) or a profile printed for the filing."""

    filing = models.ForeignKey(
        Filing, verbose_name=_("备案"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("材料"), max_length=20, choices=FilingDocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    issued = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("已形成文书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("文件"), upload_to="renewals/filings/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("备案材料")
        verbose_name_plural = _("备案材料")
        ordering = ["filing", "id"]
        constraints = [
            # Either a document the renewal issued, or a file of the filing's own.
            models.CheckConstraint(
                condition=(models.Q(issued__isnull=True) & ~models.Q(file=""))
                | models.Q(issued__isnull=False, file=""),
                name="filing_document_one_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def stored(self):
        """The stored file: the issued document's, or the filing's own."""
        return self.issued.file if self.issued_id else self.file
