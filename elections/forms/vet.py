"""The superior's review of one nominee (vet phase)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.domain.negative_list import NEGATIVE_LIST


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
