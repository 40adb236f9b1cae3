from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from branches.models import Post
from members.models import Member

from . import domain
from .domain.rules import COMMITTEE_SEATS_CEILING
from .models import NominationSource, Nominee, Phase, Renewal, RuleProfile
from .negative_list import NEGATIVE_LIST
from .rules import PROFILE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.ModelForm):
    posts = forms.MultipleChoiceField(
        label=_("委员分工职务"),
        choices=[(p.value, p.label) for p in Post if p not in (Post.SECRETARY, Post.DEPUTY)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("书记、副书记之外需要分工的委员职务"),
    )

    class Meta:
        model = Renewal
        fields = [
            "seats",
            "secretary_only",
            "elect_deputy",
            "posts",
            "meeting_date",
            "meeting_place",
            "work_report",
            "work_report_file",
        ]
        widgets = {"meeting_date": DATE, "work_report": forms.Textarea(attrs={"rows": 6})}

    def clean_seats(self) -> int | None:
        seats = self.cleaned_data.get("seats")
        if seats is not None and not 1 <= seats <= COMMITTEE_SEATS_CEILING:
            raise forms.ValidationError(_("委员名额应为 3 至 7 名。"))
        return seats


class ExclusionForm(forms.Form):
    member = forms.ModelChoiceField(label=_("党员"), queryset=Member.objects.none())
    reason = forms.ChoiceField(label=_("情形"), choices=())
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, renewal: Renewal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            branch=renewal.branch, status="full"
        ).order_by("name")
        enabled = renewal.ruleset().exclusion_reasons
        self.fields["reason"].choices = [
            (r.value, r.label) for r in domain.ExclusionReason if r in enabled
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class RenewalFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    phase = forms.ChoiceField(
        label=_("阶段"),
        required=False,
        choices=[("", _("全部阶段")), *Phase.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class RecommendationForm(forms.Form):
    held_on = forms.DateField(label=_("推荐会议日期"), widget=DATE)
    expected = forms.IntegerField(label=_("应到人数"), min_value=1)
    present = forms.IntegerField(label=_("实到人数"), min_value=0)
    ballots = forms.IntegerField(label=_("收回推荐票"), min_value=0)
    representatives = forms.IntegerField(
        label=_("参加信任投票的代表人数"), min_value=0, required=False
    )


class NomineeForm(forms.Form):
    member = forms.ModelChoiceField(label=_("党员"), queryset=Member.objects.none())
    source = forms.ChoiceField(label=_("推荐方式"), choices=NominationSource.choices)
    votes = forms.IntegerField(label=_("推荐票数"), min_value=0, initial=0)
    confidence_votes = forms.IntegerField(label=_("信任票数"), min_value=0, required=False)

    def __init__(self, *args, renewal: Renewal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            branch=renewal.branch, status="full"
        ).order_by("name")
        if not renewal.ruleset().confidence_vote:
            del self.fields["confidence_votes"]


class ReviewForm(forms.Form):
    negative_list_checked = forms.MultipleChoiceField(
        label=_("负面清单逐条核查（勾选表示经核实无此情形）"),
        choices=NEGATIVE_LIST,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    negative_list_failures = forms.CharField(
        label=_("负面清单问题说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("有未勾选的情形时，写明具体情况"),
    )
    inspection_notes = forms.CharField(
        label=_("考察情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    discipline_opinion = forms.CharField(
        label=_("纪检意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    pledge = forms.FileField(label=_("签字的承诺书扫描件"), required=False)
    approved = forms.BooleanField(label=_("同意列为候选人预备人选"), required=False)


class NoticeForm(forms.Form):
    start = forms.DateField(label=_("公示开始日期"), widget=DATE)


class ObjectionForm(forms.Form):
    nominee = forms.ModelChoiceField(
        label=_("涉及人选"), queryset=None, required=False, empty_label=_("（不特指某人）")
    )
    text = forms.CharField(
        label=_("意见内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    contact = forms.CharField(label=_("联系方式（可不填）"), max_length=100, required=False)

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nominee"]
        field.queryset = Nominee.objects.filter(pk__in=[c.pk for c in candidates])
        # The same stroke order as the notice (R7), not the database's.
        field.choices = [("", field.empty_label)] + [(c.pk, c.member.name) for c in candidates]


class ResolveForm(forms.Form):
    outcome = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"rows": 2}))


RULE_LIMITS = {
    "differential_margin": (Decimal("0.20"), Decimal("1.00")),
    "max_committee_seats": (3, 7),
    "publicity_days": (1, 30),
    "meeting_notice_days": (1, 30),
    "min_party_age_years": (0, 50),
    "max_age": (18, 100),
    "recommendation_top_n": (1, 99),
}


class RuleProfileForm(forms.ModelForm):
    """Each setting within the regulation's bounds, with the error next to its field."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high) in RULE_LIMITS.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.help_text = _("%(low)s 至 %(high)s") % {"low": low, "high": high}
        self.fields["differential_margin"].help_text = _(
            "候选人多于应选人数的比例，0.20 即 20%，只能提高不能降低"
        )

    class Meta:
        model = RuleProfile
        fields = list(PROFILE_FIELDS)
