"""The superior's review of one nominee (vet phase)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.domain.negative_list import NEGATIVE_LIST


class ReviewForm(forms.Form):
    """The negative list of the renewal's rules item by item (or all at once with "核实无以上
    情形"), the inspection, the discipline opinion, the pledge and the decision. A nominee who
    fails a rule "in principle" gets a field for the reason to waive it."""

    negative_list_checked = forms.MultipleChoiceField(
        label=_("负面清单逐条核查（勾选表示经核实无此情形）"),
        choices=NEGATIVE_LIST,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    all_clear = forms.BooleanField(
        label=_("核实无以上情形"),
        required=False,
        help_text=_("勾选即表示负面清单各项均已逐条核实、均无此情形"),
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
        label=_("纪检意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("同意的，须有纪检意见"),
    )
    waiver_reason = forms.CharField(
        label=_("破格理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    pledge = forms.FileField(
        label=_("签字的承诺书扫描件"),
        required=False,
        help_text=_("同意列为候选人预备人选的，须上传本人签字的承诺书"),
    )
    approved = forms.BooleanField(label=_("同意列为候选人预备人选"), required=False)

    def __init__(
        self,
        *args,
        items: Sequence[tuple[str, str]] = NEGATIVE_LIST,
        waivable: Sequence[str] = (),
        has_pledge: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["negative_list_checked"].choices = list(items)
        self.items = list(items)
        if waivable:
            self.fields["waiver_reason"].help_text = _(
                "以下原则上的资格条件未达到，同意的须写明破格理由：%(rules)s"
            ) % {"rules": "；".join(waivable)}
        else:
            del self.fields["waiver_reason"]
        if has_pledge:
            self.fields["pledge"].help_text = _("已上传；重新上传将替换原件")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("all_clear"):
            data["negative_list_checked"] = [code for code, _text in self.items]
        data.pop("all_clear", None)
        data.setdefault("waiver_reason", "")
        return data
