"""Documents issued during a renewal, kept byte for byte with their SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from elections.domain.numbering import DEFAULT_PATTERN, default_short_name

from .renewal import Renewal

#: The documents that carry a 发文字号 (see elections/domain/numbering.py).
NUMBERED_KINDS = ("request", "request_reply", "result_report", "result_reply")
#: Who issues them: the branch its 请示 and 报告, the superior its 批复.
ISSUED_BY_SUPERIOR = ("request_reply", "result_reply")


class DocumentKind(models.TextChoices):
    REQUEST = "request", _("换届请示")
    REQUEST_REPLY = "request_reply", _("关于换届请示的批复")
    PRELIMINARY_NOTICE = "preliminary_notice", _("候选人初步人选公示")
    NOTICE = "notice", _("候选人预备人选公示")
    MEETING_NOTICE = "meeting_notice", _("关于召开党员大会的通知")
    CONGRESS_NOTICE = "congress_notice", _("关于召开党员代表大会的通知")
    METHOD = "method", _("选举办法")
    UNIT_NOTICE = "unit_notice", _("关于召开党员大会选举代表的通知")
    UNIT_METHOD = "unit_method", _("选举代表办法")
    CONGRESS_METHOD = "congress_method", _("党员代表大会选举办法")
    TALLY = "tally", _("计票单")
    RESULT_REPORT = "result_report", _("选举结果报告")
    RESULT_REPLY = "result_reply", _("关于选举结果的批复")
    APPOINTMENT_NOTICE = "appointment_notice", _("任职公示")
    SUMMARY = "summary", _("换届工作总结及交接清单")


class IssuedDocument(models.Model):
    """A document as issued at a phase transition, kept byte for byte with its SHA-256."""

    renewal = models.ForeignKey(
        Renewal, verbose_name=_("换届"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("文书"), max_length=30, choices=DocumentKind.choices)
    label = models.CharField(_("说明"), max_length=100, blank=True)
    # The electing unit whose meeting issued it (a delegates' congress, issue 15): its notice,
    # method and tally sheets; empty for the renewal's own documents.
    unit = models.ForeignKey(
        "elections.DelegateUnit",
        verbose_name=_("选举单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    file = models.FileField(_("文件"), upload_to="renewals/documents/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    number = models.CharField(_("发文字号"), max_length=60, blank=True)
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


class OrganisationDocumentSettings(models.Model):
    """How an organisation numbers the documents it issues (发文字号)."""

    organisation = models.OneToOneField(
        "branches.Organisation",
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="document_settings",
    )
    short_name = models.CharField(
        _("发文机关代字"),
        max_length=30,
        blank=True,
        help_text=_("如“城投党支”；不填则由组织名称生成"),
    )
    number_pattern = models.CharField(
        _("发文字号格式"),
        max_length=60,
        default=DEFAULT_PATTERN,
        help_text=_("{简称} 为机关代字，{年} 为年份，{号} 为当年序号（必填）"),
    )

    class Meta:
        verbose_name = _("发文字号设置")
        verbose_name_plural = _("发文字号设置")

    def __str__(self) -> str:
        return f"{self.organisation} {self.number_pattern}"

    def short_name_or_default(self) -> str:
        return self.short_name or default_short_name(self.organisation.name)


class DocumentCounter(models.Model):
    """The last 发文字号 sequence an organisation used in a year; locked while a number is taken,
    so numbers have neither gaps nor duplicates."""

    organisation = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用到的序号"), default=0)

    class Meta:
        verbose_name = _("发文序号")
        verbose_name_plural = _("发文序号")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="document_counter_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}: {self.last}"
