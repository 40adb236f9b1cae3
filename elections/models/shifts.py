"""A branch's request to hold its renewal later or earlier than its term's end (延期/提前换届).

The term's planned end stays as elected; an approved request moves only the date the renewal is
due (elections.selectors.shifts.effective_due_dates). At most one request per branch waits for the
superior at a time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShiftKind(models.TextChoices):
    DELAY = "delay", _("延期换届")
    EARLY = "early", _("提前换届")


class ShiftStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class RenewalShift(models.Model):
    kind = models.CharField(_("类型"), max_length=10, choices=ShiftKind.choices)
    branch = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="renewal_shifts",
    )
    term = models.ForeignKey(
        "branches.Term",
        verbose_name=_("届"),
        on_delete=models.CASCADE,
        related_name="renewal_shifts",
    )
    # The date the renewal was due when the request was made (the term's end, or a date an
    # earlier approved request had set).
    due_date = models.DateField(_("原定换届时间"))
    new_date = models.DateField(_("申请换届时间"))
    reason = models.TextField(_("理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ShiftStatus.choices, default=ShiftStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期/提前换届申请")
        verbose_name_plural = _("延期/提前换届申请")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch"],
                condition=models.Q(status="pending"),
                name="one_pending_shift_per_branch",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="delay", new_date__gt=models.F("due_date"))
                | models.Q(kind="early", new_date__lt=models.F("due_date")),
                name="shift_moves_the_date_its_way",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(decided_at__isnull=False),
                name="shift_decided_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "status"], name="shift_branch_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.branch} · {self.get_kind_display()} · {self.new_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("elections:shift_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == ShiftStatus.PENDING
