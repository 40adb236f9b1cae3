"""Forms of a delay or early renewal (延期/提前换届): the branch's request, the superior's decision.

The rules (a date the right way round, not past, within a year of the term's end) are checked by
the service through the domain; its refusals come back onto these forms' fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.forms.common import DATE
from elections.models import ShiftKind


class ShiftRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("申请类型"),
        choices=ShiftKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择延期换届或提前换届。")},
    )
    new_date = forms.DateField(
        label=_("新的换届时间"),
        widget=DATE,
        help_text=_("延期或提前换届不得超过1年，须经上级党组织批准。"),
        error_messages={"required": _("请填写新的换届时间。"), "invalid": _("请填写有效的日期。")},
    )
    reason = forms.CharField(
        label=_("申请理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写申请理由。")},
    )


class ShiftDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批意见"),
        choices=[("approve", _("批准")), ("refuse", _("不批准"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择批准或不批准。")},
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不批准时必须填写理由。"),
    )
