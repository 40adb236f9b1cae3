"""The rule profile form, validated field by field like a RuleSet, with the eligibility rules as a
formset of one row per rule."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from elections import domain
from elections.domain.eligibility import EDUCATION_LEVELS
from elections.domain.negative_list import NEGATIVE_LIST
from elections.domain.rules import DEFAULT_EXCLUSION_REASONS, TERM_YEARS_RANGE
from elections.models import RuleProfile
from elections.selectors.rules import PROFILE_FIELDS
from members.models import Education

RULE_LIMITS = {
    "differential_margin": (Decimal("0.20"), Decimal("1.00")),
    "max_committee_seats": (3, 7),
    "publicity_days": (1, 30),
    "meeting_notice_days": (1, 30),
    "min_party_age_years": (0, 50),
    "recommendation_top_n": (1, 99),
    "appointment_notice_days": (0, 30),
}
#: The profile's JSON settings, edited through the form fields below rather than as JSON.
JSON_FIELDS = ("eligibility_rules", "negative_list", "exclusion_reasons", "term_years")


def term_field(category: domain.BranchCategory) -> str:
    return f"term_years_{category.value}"


class RuleProfileForm(forms.ModelForm):
    """Each setting within the regulation's bounds, with the error next to its field."""

    exclusion_reasons = forms.MultipleChoiceField(
        label=_("不计入应到会人数的情形"),
        choices=[(r.value, r.label) for r in domain.ExclusionReason],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("换届时登记不计入应到会人数，只能选用这里启用的情形"),
    )
    negative_list = forms.CharField(
        label=_("负面清单"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("每行一项；留空则沿用上级组织的负面清单（默认为“十不选”）"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high) in RULE_LIMITS.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.help_text = _("%(low)s 至 %(high)s") % {"low": low, "high": high}
        self.fields["appointment_notice_days"].required = False
        self.fields["appointment_notice_days"].help_text = _(
            "0 至 30 个工作日；0 或留空为不进行任职公示，否则公示期满方可封存归档"
        )
        self.fields["differential_margin"].help_text = _(
            "候选人多于应选人数的比例，0.20 即 20%，只能提高不能降低"
        )
        source = dict(self.initial)
        if self.instance.pk:
            for name in JSON_FIELDS:
                source.setdefault(name, getattr(self.instance, name))
        years = dict(domain.DEFAULT_RULES.term_years) | dict(source.get("term_years") or {})
        for category in domain.BranchCategory:
            name = term_field(category)
            self.fields[name] = forms.IntegerField(
                label=_("任期年限：%(c)s") % {"c": category.label},
                min_value=TERM_YEARS_RANGE.start,
                max_value=TERM_YEARS_RANGE[-1],
                initial=years[category],
            )
        items = source.get("negative_list") or []
        self.initial["negative_list"] = "\n".join(text for _code, text in items)
        reasons = source.get("exclusion_reasons")
        self.initial["exclusion_reasons"] = (
            sorted(DEFAULT_EXCLUSION_REASONS) if reasons is None else reasons
        )

    def clean_appointment_notice_days(self) -> int:
        return self.cleaned_data["appointment_notice_days"] or 0

    class Meta:
        model = RuleProfile
        fields = [f for f in PROFILE_FIELDS if f not in JSON_FIELDS]

    def clean_negative_list(self) -> list[list[str]]:
        """One item per line; an item keeps the code of the same wording in the default list, so
        ticks stay attached to their item; other items get a code from their wording."""
        known = {text: code for code, text in NEGATIVE_LIST}
        items: list[list[str]] = []
        for line in self.cleaned_data["negative_list"].splitlines():
            text = line.strip()
            if not text:
                continue
            code = known.get(text) or "item-" + hashlib.sha256(text.encode()).hexdigest()[:10]
            if any(code == other for other, _text in items):
                raise forms.ValidationError(_("负面清单中“%(t)s”重复了。") % {"t": text})
            items.append([code, text])
        return items

    def settings(self) -> dict:
        """Every setting of the profile, the JSON ones included, for rule_profile_save."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        values["exclusion_reasons"] = sorted(data["exclusion_reasons"])
        values["negative_list"] = data["negative_list"]
        values["term_years"] = {
            category.value: data[term_field(category)] for category in domain.BranchCategory
        }
        return values


POST_CHOICES = [("", _("全部职务")), ("secretary", _("书记")), ("member", _("委员"))]
SEX_CHOICES = [("", _("不限性别")), ("male", _("男")), ("female", _("女"))]
NOMINATION_CHOICES = [("", _("不限")), ("new", _("新提名")), ("renominated", _("连任"))]
KIND_CHOICES = [("", "—"), ("max_age", _("年龄上限")), ("min_education", _("最低学历"))]


class EligibilityRuleForm(forms.Form):
    """One age cap or education minimum, e.g. 新提名的女性委员人选原则上不超过50周岁."""

    kind = forms.ChoiceField(label=_("条件"), choices=KIND_CHOICES)
    post = forms.ChoiceField(label=_("职务"), choices=POST_CHOICES, required=False)
    sex = forms.ChoiceField(label=_("性别"), choices=SEX_CHOICES, required=False)
    nomination = forms.ChoiceField(label=_("提名"), choices=NOMINATION_CHOICES, required=False)
    max_age = forms.IntegerField(
        label=_("不超过（周岁）"), min_value=18, max_value=100, required=False
    )
    min_education = forms.ChoiceField(
        label=_("学历不低于"),
        choices=[("", "—"), *((e.value, e.label) for e in Education if e in EDUCATION_LEVELS)],
        required=False,
    )
    in_principle = forms.BooleanField(
        label=_("原则上"),
        required=False,
        help_text=_("勾选：上级审查时可说明理由破格"),
    )

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind == "max_age" and data.get("max_age") is None:
            self.add_error("max_age", _("请填写年龄上限。"))
        if kind == "min_education" and not data.get("min_education"):
            self.add_error("min_education", _("请选择最低学历。"))
        return data

    def rule(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return domain.EligibilityRule(
            kind=kind,
            limit=data["max_age"] if kind == "max_age" else data["min_education"],
            post=data["post"] or None,
            sex=data["sex"] or None,
            nomination=data["nomination"] or None,
            in_principle=data["in_principle"],
        ).to_json()


EligibilityRuleFormSet = forms.formset_factory(EligibilityRuleForm, extra=2, can_delete=True)


def rule_rows(rules: list[dict]) -> list[dict]:
    """A profile's eligibility rules as the formset's initial rows."""
    rows = []
    for rule in rules:
        kind = rule.get("kind")
        rows.append(
            {
                "kind": kind,
                "post": rule.get("post") or "",
                "sex": rule.get("sex") or "",
                "nomination": rule.get("nomination") or "",
                "max_age": rule.get("limit") if kind == "max_age" else None,
                "min_education": rule.get("limit") if kind == "min_education" else "",
                "in_principle": bool(rule.get("in_principle")),
            }
        )
    return rows


def formset_rules(formset) -> list[dict]:
    """The rules of a valid formset, empty and deleted rows left out."""
    return [
        form.rule()
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE")
    ]
