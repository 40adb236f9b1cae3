"""Forms of the publicise phase: the notice, objections and their resolution."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.forms.common import DATE
from elections.models import PHONE_VALIDATOR, Nominee, NoticeKind
from members.names import check_name


class NoticeForm(forms.Form):
    """The notice's dates and where objections go: printed on the 公示 with the public page's
    address."""

    start = forms.DateField(label=_("公示开始日期"), widget=DATE)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=40,
        validators=[PHONE_VALIDATOR],
        help_text=_("受理意见的电话"),
    )
    address = forms.CharField(
        label=_("来信来访地址"), max_length=200, help_text=_("如“区委组织部（某某路1号201室）”")
    )
    kind = forms.ChoiceField(
        choices=NoticeKind.choices,
        initial=NoticeKind.CANDIDATES,
        required=False,
        widget=forms.HiddenInput,
    )

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or NoticeKind.CANDIDATES


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

    def clean_name(self) -> str:
        return check_name(self.cleaned_data["name"])


class ResolveForm(forms.Form):
    outcome = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"rows": 2}))
