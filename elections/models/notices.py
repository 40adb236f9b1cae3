"""Public notices (公示) of a renewal: each publication is a numbered notice with its own period,
the people it named and the PDF issued with it; earlier notices stay in the record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .documents import IssuedDocument
from .renewal import PHONE_VALIDATOR, Renewal


class NoticeKind(models.TextChoices):
    #: 候选人预备人选公示: every formal candidate must have been on one whose period has run.
    CANDIDATES = "candidates", _("候选人预备人选公示")
    #: 候选人初步人选公示 (optional, by rule profile): before the superior approves the list.
    PRELIMINARY = "preliminary", _("候选人初步人选公示")
    #: 任职公示 of the new committee (optional, by rule profile): before the archive is sealed.
    APPOINTMENT = "appointment", _("任职公示")


class Notice(models.Model):
    """One publication of a notice; a changed list is published as a new notice (第N次公示)."""

    renewal = models.ForeignKey(
        Renewal, verbose_name=_("换届"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(
        _("公示类别"), max_length=20, choices=NoticeKind.choices, default=NoticeKind.CANDIDATES
    )
    number = models.PositiveSmallIntegerField(_("第几次公示"), default=1)
    start = models.DateField(_("公示开始"))
    end = models.DateField(_("公示结束"))
    phone = models.CharField(
        _("公示联系电话"), max_length=40, blank=True, validators=[PHONE_VALIDATOR]
    )
    address = models.CharField(_("来信来访地址"), max_length=200, blank=True)
    # The people named on the notice as published: [{"id": nominee or elected id, "name": …}].
    people = models.JSONField(_("公示对象"), default=list, blank=True)
    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("公示文本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["renewal", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["renewal", "kind", "number"], name="one_notice_number_per_kind"
            ),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                   name="notice_ends_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（第{self.number}次）{self.start}—{self.end}"

    @property
    def ids(self) -> set[int]:
        return {p["id"] for p in self.people if p.get("id") is not None}

    @property
    def names(self) -> list[str]:
        return [p["name"] for p in self.people]
