"""The organisation tree (党委 > 党总支 > 党支部), its terms (届), roles and the audit trail."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from elections import domain


class OrganisationKind(models.TextChoices):
    COMMITTEE = "committee", _("党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")


class BranchCategory(models.TextChoices):
    """Codes match `RuleSet.term_years_for` in elections.domain."""

    ORGAN = "organ", _("机关")
    INSTITUTION = "institution", _("事业单位")
    ENTERPRISE = "enterprise", _("企业")
    SCHOOL = "school", _("学校")
    VILLAGE = "village", _("农村")
    COMMUNITY = "community", _("社区")
    SOCIAL = "social", _("社会组织")
    RETIRED = "retired", _("离退休")
    OTHER = "other", _("其他")


class OrganisationQuerySet(models.QuerySet):
    def subtree_of(self, org: Organisation, *, include_self: bool = True) -> OrganisationQuerySet:
        """Everything under `org` at any depth: one indexed prefix match on the path."""
        qs = self.filter(path__startswith=org.path)
        return qs if include_self else qs.exclude(pk=org.pk)

    def branches(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.BRANCH)

    def with_current_term(self) -> OrganisationQuerySet:
        """Annotate the open term's number and planned end, in the same query, and the date its
        renewal is due: `current_term_due`, the planned end unless the superior approved a delay
        or an early renewal (`current_term_shift`, "delay" or "early"; the latest approved wins).

        The approvals are elections' RenewalShift rows, reached through the term's reverse
        relation `renewal_shifts`: the tree imports nothing of elections.
        """
        open_terms = Term.objects.filter(
            organisation=models.OuterRef("pk"), actual_end__isnull=True
        )
        approved = open_terms.filter(renewal_shifts__status="approved").order_by(
            "-renewal_shifts__decided_at", "-renewal_shifts__pk"
        )
        open_terms = open_terms.order_by("-number")
        return self.annotate(
            current_term_number=models.Subquery(open_terms.values("number")[:1]),
            current_term_end=models.Subquery(open_terms.values("planned_end")[:1]),
            current_term_shift=models.Subquery(approved.values("renewal_shifts__kind")[:1]),
            current_term_shift_date=models.Subquery(
                approved.values("renewal_shifts__new_date")[:1]
            ),
        ).annotate(
            current_term_due=Coalesce(
                "current_term_shift_date", "current_term_end", output_field=models.DateField()
            )
        )


class Organisation(models.Model):
    kind = models.CharField(_("类型"), max_length=20, choices=OrganisationKind.choices)
    code = models.CharField(_("组织代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    category = models.CharField(
        _("支部类别"), max_length=20, choices=BranchCategory.choices, blank=True
    )
    # Materialised path of primary keys, "/1/7/42/": a subtree is one `LIKE '/1/7/%'` on an index.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    # The day its renewal is due, stored (branches/figures.py): lists over a province filter and
    # sort on it. The open term's planned end or an approved delay's or early renewal's date.
    renewal_due = models.DateField(
        _("应换届日期"), null=True, blank=True, editable=False, db_index=True
    )
    # Its own members (a branch's), and the full ones among them, stored (branches/figures.py): a
    # subtree's count is a sum over its organisations, not a count over 3 million members.
    member_count = models.PositiveIntegerField(
        _("党员人数"), default=0, db_default=0, editable=False
    )
    full_count = models.PositiveIntegerField(
        _("正式党员人数"), default=0, db_default=0, editable=False
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="branch") | ~models.Q(category=""),
                name="branch_has_category",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="organisation_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if not self.path:
            # The path needs the primary key, so a new row gets it right after insertion.
            self.path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
            self.depth = self.path.count("/") - 2
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    save.alters_data = True

    def get_absolute_url(self) -> str:
        return reverse("branches:organisation_detail", args=[self.pk])

    @property
    def is_branch(self) -> bool:
        return self.kind == OrganisationKind.BRANCH

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def current_term(self) -> Term | None:
        return self.terms.filter(actual_end__isnull=True).order_by("-number").first()


def renewal_status(planned_end: date | None, *, today: date | None = None) -> str:
    """'overdue', 'due' (within domain.DUE_SOON_DAYS), 'ok' or 'none' (no open term)."""
    if planned_end is None:
        return "none"
    today = today or timezone.localdate()
    if domain.renewal_overdue(due=planned_end, on=today):
        return "overdue"
    if domain.renewal_due_within(due=planned_end, on=today):
        return "due"
    return "ok"


class Term(models.Model):
    """One 届 of a branch committee."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("党组织"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("任期开始"))
    planned_end = models.DateField(_("任期届满"))
    actual_end = models.DateField(_("实际结束"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["organisation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="term_number_unique"),
            models.CheckConstraint(
                condition=models.Q(planned_end__gt=models.F("start_date")),
                name="term_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(actual_end__isnull=True),
                name="one_open_term_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return _("%(org)s 第%(n)s届") % {"org": self.organisation, "n": self.number}

    @property
    def renewal_status(self) -> str:
        return "closed" if self.actual_end else renewal_status(self.planned_end)


class Post(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")
    ORGANISATION = "organisation", _("组织委员")
    PUBLICITY = "publicity", _("宣传委员")
    DISCIPLINE = "discipline", _("纪检委员")
    YOUTH = "youth", _("青年委员")
    UNITED_FRONT = "united_front", _("统战委员")
    MEMBER = "member", _("委员")
    # The discipline inspection commission elected beside a committee (issue 15).
    COMMISSION_SECRETARY = "commission_secretary", _("纪委书记")
    COMMISSION_MEMBER = "commission_member", _("纪委委员")


#: Posts on the discipline inspection commission, not duties on the committee.
COMMISSION_POSTS = (Post.COMMISSION_SECRETARY, Post.COMMISSION_MEMBER)


class TermPost(models.Model):
    """Who held which post in a term; the name is kept even if the member record later goes."""

    term = models.ForeignKey(
        Term, verbose_name=_("届"), on_delete=models.CASCADE, related_name="posts"
    )
    post = models.CharField(_("职务"), max_length=20, choices=Post.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("党员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    person_name = models.CharField(_("姓名"), max_length=50)

    class Meta:
        verbose_name = _("委员会职务")
        verbose_name_plural = _("委员会职务")
        ordering = ["term", "id"]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.person_name}"


class RoleKind(models.TextChoices):
    STAFF = "staff", _("组织员")
    SECRETARY = "secretary", _("支部书记/组织委员")
    APPROVER = "approver", _("上级审批")
    VIEWER = "viewer", _("只读")


class Role(models.Model):
    """A user's role at an organisation; it covers that organisation's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="huanjie_roles",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("党组织"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("角色"), max_length=20, choices=RoleKind.choices)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class AuditEvent(models.Model):
    """One row per state change, written by the service in the same transaction."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=60)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("党组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # Who and where, as they were named then: kept when the user or organisation row is deleted.
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    organisation_name = models.CharField(_("党组织名称"), max_length=200, blank=True)
    target_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.summary}"


class ChangeKind(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")


class ModelChange(models.Model):
    """One row per saved or deleted record of a tracked model (branches.history): who, when, what.

    Written by signals for single saves and by the importer for its bulk writes; never changed.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    model = models.CharField(_("数据类型"), max_length=60)
    object_id = models.CharField(_("对象编号"), max_length=40)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    kind = models.CharField(_("变更"), max_length=10, choices=ChangeKind.choices)
    # {field: [old, new]}; old is null for a creation, new for a deletion.
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("数据变更历史")
        verbose_name_plural = _("数据变更历史")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="model_change_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.object_repr}"
