"""The renewal (换届) of one branch, its rule profile and census exclusions."""

from __future__ import annotations

import secrets
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from elections import domain
from elections.domain.negative_list import NEGATIVE_LIST
from elections.domain.rules import DEFAULT_EXCLUSION_REASONS


class Phase(models.TextChoices):
    PREPARE = "prepare", _("筹备")
    RECOMMEND = "recommend", _("推荐")
    VET = "vet", _("考察审查")
    PUBLICISE = "publicise", _("公示")
    VOTE = "vote", _("选举")
    APPROVE = "approve", _("报批")
    ARCHIVE = "archive", _("总结归档")
    CANCELLED = "cancelled", _("已取消")


#: The order shown in the phase stepper.
PHASE_ORDER = [p for p in Phase if p != Phase.CANCELLED]


class Preset(models.TextChoices):
    ORGANS = "organs", _("机关、学校、企业等")
    VILLAGE = "village", _("农村、社区")


def default_exclusion_reasons() -> list[str]:
    return sorted(str(reason) for reason in DEFAULT_EXCLUSION_REASONS)


class RuleProfile(models.Model):
    """Rule settings (domain-rules §3) held at an organisation and inherited by its subtree."""

    organisation = models.OneToOneField(
        "branches.Organisation",
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="rule_profile",
    )
    preset = models.CharField(_("预设"), max_length=20, choices=Preset.choices, default="organs")
    quorum = models.CharField(
        _("到会人数要求"),
        max_length=10,
        choices=[("strict", _("超过应到会人数的五分之四")), ("lenient", _("不少于五分之四"))],
        default="strict",
    )
    majority_base = models.CharField(
        _("当选票数基数"),
        max_length=10,
        choices=[("present", _("实到会有选举权的党员")), ("expected", _("应到会党员"))],
        default="present",
    )
    differential_margin = models.DecimalField(
        _("差额比例"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.20"),
        help_text=_("不低于0.20（20%）"),
    )
    max_committee_seats = models.PositiveSmallIntegerField(_("委员名额上限"), default=5)
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=5)
    publicity_working_days = models.BooleanField(_("公示按工作日计算"), default=False)
    meeting_notice_days = models.PositiveSmallIntegerField(_("提前通知天数"), default=2)
    committee_approval = models.CharField(
        _("委员报批方式"),
        max_length=10,
        choices=[("record", _("备案")), ("approve", _("审批"))],
        default="record",
    )
    min_party_age_years = models.PositiveSmallIntegerField(_("候选人最低党龄（年）"), default=1)
    # Eligibility (R2), the negative list, exclusion reasons (R4) and term years (§3); each is
    # checked as a domain.RuleSet before it is saved.
    eligibility_rules = models.JSONField(
        _("候选人资格条件"), default=list, blank=True, help_text=_("年龄上限、最低学历，按职务")
    )
    negative_list = models.JSONField(
        _("负面清单"), default=list, blank=True, help_text=_("留空：沿用上级组织的负面清单")
    )
    exclusion_reasons = models.JSONField(
        _("不计入应到会人数的情形"), default=default_exclusion_reasons
    )
    term_years = models.JSONField(_("任期年限"), default=dict, blank=True)
    recommendation_top_n = models.PositiveSmallIntegerField(
        _("推荐按得票前N名"), null=True, blank=True, help_text=_("留空：得票超过半数即列入")
    )
    confidence_vote = models.BooleanField(_("群众测评（党员代表信任投票）"), default=False)
    direct_secretary_election = models.BooleanField(_("党员大会直接选举书记"), default=False)
    preliminary_notice = models.BooleanField(
        _("公示候选人初步人选"), default=False, help_text=_("上级同意预备人选前须公示期满")
    )
    appointment_notice_days = models.PositiveSmallIntegerField(
        _("任职公示天数（工作日）"),
        default=0,
        help_text=_("0：不进行任职公示；公示期满方可封存归档"),
    )
    exclusion_meeting_vote = models.BooleanField(
        _("不计入应到会人数须经党员大会表决"),
        default=False,
        help_text=_("上级批准后，还须党员大会表决通过才不计入应到会人数"),
    )
    plenary_quorum = models.CharField(
        _("委员会第一次全体会议到会要求"),
        max_length=10,
        choices=[
            ("same", _("与党员大会相同（按到会人数要求，以委员人数为应到会人数）")),
            ("half", _("超过委员人数的半数")),
        ],
        default="same",
    )

    class Meta:
        verbose_name = _("选举规则")
        verbose_name_plural = _("选举规则")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_preset_display()}"

    def to_ruleset(self, negative_list: list | None = None) -> domain.RuleSet:
        """The settings as a RuleSet; ``negative_list`` stands in when this profile leaves its own
        empty (the nearest one up the tree, else the default "十不选")."""
        items = self.negative_list or negative_list
        return domain.RuleSet(
            quorum=self.quorum,
            majority_base=self.majority_base,
            differential_margin=self.differential_margin,
            max_committee_seats=self.max_committee_seats,
            publicity_days=self.publicity_days,
            publicity_working_days=self.publicity_working_days,
            meeting_notice_days=self.meeting_notice_days,
            committee_approval=self.committee_approval,
            min_party_age_years=self.min_party_age_years,
            eligibility_rules=self.eligibility_rules or (),
            negative_list=items if items else NEGATIVE_LIST,
            exclusion_reasons=self.exclusion_reasons,
            term_years=self.term_years or {},
            recommendation_top_n=self.recommendation_top_n,
            confidence_vote=self.confidence_vote,
            direct_secretary_election=self.direct_secretary_election,
            preliminary_notice=self.preliminary_notice,
            appointment_notice_days=self.appointment_notice_days,
            exclusion_meeting_vote=self.exclusion_meeting_vote,
            plenary_quorum=self.plenary_quorum,
        )


def ruleset_to_json(rules: domain.RuleSet) -> dict:
    """A RuleSet as JSON-safe settings (the renewal keeps the rules it started with)."""
    return {
        "quorum": rules.quorum,
        "majority_base": rules.majority_base,
        "differential_margin": str(rules.differential_margin),
        "max_committee_seats": rules.max_committee_seats,
        "term_years": {str(k): v for k, v in rules.term_years.items()},
        "publicity_days": rules.publicity_days,
        "publicity_working_days": rules.publicity_working_days,
        "meeting_notice_days": rules.meeting_notice_days,
        "committee_approval": rules.committee_approval,
        "min_party_age_years": rules.min_party_age_years,
        "eligibility_rules": [rule.to_json() for rule in rules.eligibility_rules],
        "negative_list": [list(item) for item in rules.negative_list],
        "exclusion_reasons": sorted(str(r) for r in rules.exclusion_reasons),
        "recommendation_top_n": rules.recommendation_top_n,
        "confidence_vote": rules.confidence_vote,
        "direct_secretary_election": rules.direct_secretary_election,
        "preliminary_notice": rules.preliminary_notice,
        "appointment_notice_days": rules.appointment_notice_days,
        "exclusion_meeting_vote": rules.exclusion_meeting_vote,
        "plenary_quorum": rules.plenary_quorum,
    }


def ruleset_from_json(data: dict) -> domain.RuleSet:
    data = dict(data)
    # Renewals started before the eligibility rules hold one global age cap.
    max_age = data.pop("max_age", None)
    if max_age is not None:
        data["eligibility_rules"] = [{"kind": "max_age", "limit": max_age}]
    if "differential_margin" in data:
        data["differential_margin"] = Fraction(data["differential_margin"])
    return domain.RuleSet(**data)


#: A telephone number as a notice prints it: digits with - ( ) spaces, an extension after 转.
PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9（(][0-9（）()\- ]{5,30}[0-9]( ?转 ?[0-9]{1,6})?$",
    _("请填写正确的电话号码，如 0571-87654321 或 13812345678。"),
)


def _token() -> str:
    return secrets.token_urlsafe(24)


class Renewal(models.Model):
    branch = models.ForeignKey(
        "branches.Organisation",
        verbose_name=_("党支部"),
        on_delete=models.PROTECT,
        related_name="renewals",
    )
    phase = models.CharField(_("阶段"), max_length=20, choices=Phase.choices, default=Phase.PREPARE)
    # Set while the branch's submission waits for the superior (请示, 候选人初步人选 …).
    awaiting_approval = models.BooleanField(_("待上级审批"), default=False)
    return_reason = models.TextField(_("退回理由"), blank=True)
    cancel_reason = models.TextField(_("取消理由"), blank=True)
    cancelled_from = models.CharField(
        _("取消前阶段"), max_length=20, choices=Phase.choices, blank=True
    )
    # The rules in force, frozen when the renewal opens (a RuleSet's settings, JSON-safe).
    rules = models.JSONField(_("选举规则"), default=dict)
    seats = models.PositiveSmallIntegerField(_("委员名额"), null=True, blank=True)
    # A general branch or base committee whose members' meeting also elects a discipline
    # inspection commission: its seats; empty when the committee names a 纪检委员 instead.
    commission_seats = models.PositiveSmallIntegerField(
        _("纪律检查委员会委员名额"),
        null=True,
        blank=True,
        help_text=_("留空：不设纪律检查委员会，由委员会确定纪检委员"),
    )
    secretary_only = models.BooleanField(_("不设委员会，直接选举书记"), default=False)
    elect_deputy = models.BooleanField(_("设副书记"), default=False)
    # A base committee (党委) may elect one or two deputies; any other organisation one.
    deputies = models.PositiveSmallIntegerField(_("副书记职数"), default=1)
    posts = models.JSONField(_("委员分工职务"), default=list, blank=True)
    meeting_date = models.DateField(_("计划召开党员大会日期"), null=True, blank=True)
    meeting_place = models.CharField(_("会议地点"), max_length=200, blank=True)
    work_report = models.TextField(_("上届委员会工作报告"), blank=True)
    work_report_file = models.FileField(
        _("工作报告附件"), upload_to="renewals/reports/%Y/", blank=True
    )
    # The members' recommendation meeting (R18).
    rec_held_on = models.DateField(_("推荐会议日期"), null=True, blank=True)
    rec_expected = models.PositiveIntegerField(_("推荐会议应到人数"), null=True, blank=True)
    rec_present = models.PositiveIntegerField(_("推荐会议实到人数"), null=True, blank=True)
    rec_ballots = models.PositiveIntegerField(_("收回推荐票"), null=True, blank=True)
    rec_representatives = models.PositiveIntegerField(
        _("参加信任投票的代表人数"), null=True, blank=True
    )
    public_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    phase_entered_at = models.DateTimeField(_("进入当前阶段时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交审批时间"), null=True, blank=True)
    # When each phase was entered, by phase code.
    timeline = models.JSONField(_("各阶段时间"), default=dict, blank=True)
    # After the election: the work summary, the handover, the sealed archive.
    summary = models.TextField(_("换届工作总结"), blank=True)
    # [{"item": code, "handed_by": name, "received_by": name, "note": text}]
    handover = models.JSONField(_("工作交接"), default=list, blank=True)
    sealed_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    archive = models.FileField(_("归档文件"), upload_to="renewals/archives/%Y/", blank=True)
    archive_sha256 = models.CharField(_("归档文件SHA-256"), max_length=64, blank=True)
    # The roll E is counted from, fixed when the request is submitted (member ids); None while the
    # plan is being prepared, when the branch's roll is read as it is. After that, members added
    # or moved change E only when the branch confirms the roll change (the census step).
    roll = models.JSONField(_("核实的党员名册"), null=True, blank=True, default=None)
    # Every change of E after the request was submitted, oldest first:
    # {"at", "from", "to", "why", "by"}.
    census_log = models.JSONField(_("应到会人数调整记录"), default=list, blank=True)

    class Meta:
        verbose_name = _("换届")
        verbose_name_plural = _("换届")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch"],
                condition=~models.Q(phase__in=["archive", "cancelled"]),
                name="one_open_renewal_per_branch",
            ),
            models.CheckConstraint(
                condition=models.Q(seats__isnull=True) | models.Q(seats__gte=1, seats__lte=11),
                name="renewal_seats_range",
            ),
            models.CheckConstraint(
                condition=models.Q(commission_seats__isnull=True)
                | models.Q(commission_seats__gte=3, commission_seats__lte=7),
                name="renewal_commission_seats_range",
            ),
            models.CheckConstraint(
                condition=models.Q(deputies__gte=1, deputies__lte=2),
                name="renewal_deputies_range",
            ),
        ]

    def __str__(self) -> str:
        return _("%(branch)s 换届（%(started)s）") % {
            "branch": self.branch,
            "started": timezone.localtime(self.created_at).strftime("%Y-%m-%d"),
        }

    def get_absolute_url(self) -> str:
        return reverse("elections:renewal_detail", args=[self.pk])

    def ruleset(self) -> domain.RuleSet:
        return ruleset_from_json(self.rules)


class ExclusionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class Exclusion(models.Model):
    """A member with voting rights who does not count in the expected attendance (R4)."""

    renewal = models.ForeignKey(
        Renewal, verbose_name=_("换届"), on_delete=models.CASCADE, related_name="exclusions"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(
        _("情形"),
        max_length=30,
        choices=[(r.value, r.label) for r in domain.ExclusionReason],
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(
        _("审批"), max_length=10, choices=ExclusionStatus.choices, default=ExclusionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    # The members' meeting's vote, when the rule profile asks for it (R4).
    meeting_voted_at = models.DateTimeField(_("大会表决时间"), null=True, blank=True)
    meeting_agree = models.PositiveIntegerField(_("大会表决同意人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("不计入应到会人数")
        verbose_name_plural = _("不计入应到会人数")
        constraints = [
            models.UniqueConstraint(fields=["renewal", "member"], name="one_exclusion_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_reason_display()}"
