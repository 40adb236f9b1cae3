"""The campaign board's filters: search, late only, phase, sub-committee, grouping."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.models import Phase
from elections.selectors.campaign_board import NOT_LAUNCHED, BoardQuery


class CampaignBoardFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    late = forms.BooleanField(label=_("只看逾期"), required=False)
    phase = forms.ChoiceField(
        label=_("阶段"),
        required=False,
        choices=[("", _("全部阶段")), (NOT_LAUNCHED, _("未启动")), *Phase.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sub = forms.TypedChoiceField(
        label=_("下级党组织"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    view = forms.ChoiceField(
        label=_("显示方式"),
        required=False,
        choices=[("", _("自动")), ("groups", _("按下级汇总")), ("branches", _("逐个党支部"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, subs: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub"].choices = [("", _("全部下级党组织")), *subs]

    def query(self) -> BoardQuery:
        """The filters asked for; none when the form is unbound or wrong."""
        if not self.is_bound or not self.is_valid():
            return BoardQuery()
        data = self.cleaned_data
        return BoardQuery(
            q=data["q"].strip(),
            late=data["late"],
            phase=data["phase"],
            sub=data["sub"],
            view=data["view"],
        )
