"""The member roll: who belongs to which branch, their status and rights, transfers, imports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.bulk import insert_rows
from elections import domain
from members.names import initials_keys
from members.problems import describe


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中专")
    HIGH_SCHOOL = "high_school", _("高中")
    JUNIOR = "junior", _("初中及以下")


class MemberStatus(models.TextChoices):
    FULL = domain.MemberStatus.FULL.value, _("正式党员")
    PROBATIONARY = domain.MemberStatus.PROBATIONARY.value, _("预备党员")


class RightsStatus(models.TextChoices):
    NORMAL = domain.RightsStatus.NORMAL.value, _("正常")
    PARTY_PROBATION = domain.RightsStatus.PARTY_PROBATION.value, _("留党察看")
    DETAINED = domain.RightsStatus.DETAINED.value, _("留置")
    ARRESTED = domain.RightsStatus.ARRESTED.value, _("逮捕")


def mask_id_number(value: str) -> str:
    """110105199001011234 -> 110105********1234."""
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def name_order_key(name: str) -> str:
    """`name` in surname stroke order (R7) as text: each character's stroke rank as seven
    digits, so ordering by this text is ordering by strokes, in the database and at any size."""
    return "".join(f"{rank:07d}" for rank in domain.stroke_key(name))[:400]


class Member(models.Model):
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    # The name's surname stroke order (R7) as a string the database sorts: see name_order_key.
    name_order = models.CharField(
        _("姓氏笔画序"), max_length=400, db_index=True, editable=False, default=""
    )
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, db_index=True)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    joined_on = models.DateField(_("入党日期"))
    full_member_on = models.DateField(_("转正日期"), null=True, blank=True)
    status = models.CharField(_("党员类别"), max_length=20, choices=MemberStatus.choices)
    rights = models.CharField(
        _("权利状态"), max_length=20, choices=RightsStatus.choices, default=RightsStatus.NORMAL
    )
    party_probation_until = models.DateField(_("留党察看期满"), null=True, blank=True)
    branch = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("所在支部"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["branch_id", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="full", full_member_on__isnull=False)
                | models.Q(status="probationary", full_member_on__isnull=True),
                name="full_member_has_full_date",
            ),
            models.CheckConstraint(
                condition=models.Q(rights="party_probation")
                | models.Q(party_probation_until__isnull=True),
                name="probation_end_only_under_probation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_order = name_order_key(self.name)
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:
            kwargs["update_fields"] = {*fields, "name_order"}
        rekey = self._state.adding or getattr(self, "_saved_name", None) != self.name
        super().save(*args, **kwargs)
        if rekey and (fields is None or "name" in fields):
            write_name_keys([self], replace=True)
            self._saved_name = self.name

    def get_absolute_url(self) -> str:
        return reverse("members:member_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):  # type: ignore[no-untyped-def]
        member = super().from_db(db, field_names, values)
        member._saved_name = member.__dict__.get("name")
        # The branch it was loaded in: a transfer refreshes both branches' member counts.
        member._saved_branch_id = member.__dict__.get("branch_id")
        return member

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def facts(self) -> domain.MemberFacts:
        """The plain value the election rules work on."""
        return domain.MemberFacts(
            status=domain.MemberStatus(self.status),
            rights=domain.RightsStatus(self.rights),
            party_probation_until=self.party_probation_until,
            full_member_since=self.full_member_on,
            birth_date=self.birth_date,
            sex=self.gender or None,
            education=self.education or None,
        )

    def party_age(self, on: date | None = None) -> int:
        return domain.party_age_years(
            full_member_since=self.full_member_on, on=on or timezone.localdate()
        )

    def voting_rights_problem(self, on: date | None = None) -> str | None:
        """Why the member has no vote on day ``on`` (R1), worded; ``None`` when they have one."""
        problem = domain.voting_rights_problem(self.facts(), on=on or timezone.localdate())
        return None if problem is None else describe(problem)

    @property
    def has_voting_rights(self) -> bool:
        return self.voting_rights_problem() is None


class MemberNameKey(models.Model):
    """One way to find a member by typing: the pinyin initials of their name, one row per reading
    of a polyphonic surname (单 dan/shan/chan). Searched by prefix on the index."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=20, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="member_name_key_unique")
        ]

    def __str__(self) -> str:
        return self.key


def write_name_keys(members: Iterable[Member], *, replace: bool = False) -> None:
    """Store the initials keys of `members` (saved ones); `replace` drops their old keys first.
    Bulk writes call this as `save()` does."""
    members = list(members)
    if replace:
        MemberNameKey.objects.filter(member__in=[m.pk for m in members]).delete()
    insert_rows(
        MemberNameKey,
        ("member", "key"),
        [(m.pk, key) for m in members for key in initials_keys(m.name)],
    )


class Transfer(models.Model):
    """A move of a member from one branch to another (组织关系转接)."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_branch = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("转出支部"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_branch = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("转入支部"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_on = models.DateField(_("转接日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-transferred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_branch=models.F("to_branch")),
                name="transfer_changes_branch",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.from_branch} → {self.to_branch}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("等待处理")
    RUNNING = "running", _("处理中")
    REJECTED = "rejected", _("校验未通过")
    CHECKED = "checked", _("校验通过（未保存）")
    DONE = "done", _("已导入")
    FAILED = "failed", _("处理出错")


class ImportJob(models.Model):
    """An uploaded roster sheet and how far its import has got; the page polls it for progress."""

    organisation = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("导入范围"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    dry_run = models.BooleanField(_("仅校验"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("members:import_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status not in (ImportStatus.PENDING, ImportStatus.RUNNING)

    @property
    def failed(self) -> bool:
        """Ended without saving: refused for errors in the file, or stopped."""
        return self.status in (ImportStatus.REJECTED, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("等待处理")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("生成失败")


class ExportJob(models.Model):
    """A file built in the background (members/exports.py): which kind, with which filters, for
    whom, how far it has got, and the file once done. Served only to its creator."""

    kind = models.CharField(_("类型"), max_length=50)
    parameters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导出人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The organisation the export covers; none: everything the creator may see.
    organisation = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("导出范围"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出记录")
        verbose_name_plural = _("导出记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="export_by_creator")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("members:export_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def failed(self) -> bool:
        return self.status == ExportStatus.FAILED

    @property
    def ready(self) -> bool:
        """Done and its file still kept (files are purged after EXPORT_FILES_KEEP_DAYS)."""
        return self.status == ExportStatus.DONE and bool(self.file)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
