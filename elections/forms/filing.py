"""The filing pages' forms: the list's filters and the acknowledgement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.selectors.filing import ACKNOWLEDGED, PENDING


class FilingFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), (PENDING, _("待确认")), (ACKNOWLEDGED, _("已确认"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    received = forms.BooleanField(
        label=_("只看由我确认的"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class FilingAcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("备案意见"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("可不填，如“材料齐全，予以备案”"),
    )
