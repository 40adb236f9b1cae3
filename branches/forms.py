from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.names import check_name

from .member_pickers import use_member_picker
from .models import BranchCategory, Organisation, OrganisationKind, Post
from .pickers import OrganisationChoiceField

SELECT = forms.Select(attrs={"class": "form-select"})


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["kind", "code", "name", "category", "is_active"]
        help_texts = {
            "code": _("全系统唯一，导入名册时用它指明支部"),
            "category": _("仅党支部填写；决定任期年限等规则"),
        }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == OrganisationKind.BRANCH and not data.get("category"):
            self.add_error("category", _("党支部必须选择支部类别。"))
        return data


class OrganisationMoveForm(forms.Form):
    new_parent = OrganisationChoiceField(label=_("新的上级组织"), picker="manage-parent")

    def __init__(self, *args, parents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("全部类型")), *OrganisationKind.choices],
        widget=SELECT,
    )
    category = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[("", _("全部类别")), *BranchCategory.choices],
        widget=SELECT,
    )
    due = forms.ChoiceField(
        label=_("换届"),
        required=False,
        choices=[("", _("换届：全部")), ("overdue", _("已超期")), ("due", _("90天内到期"))],
        widget=SELECT,
    )


class TermForm(forms.Form):
    start_date = forms.DateField(
        label=_("任期开始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_end = forms.DateField(
        label=_("任期届满日期"),
        required=False,
        help_text=_("留空则按支部类别的任期年限计算"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TermPostForm(forms.Form):
    post = forms.ChoiceField(
        label=_("职务"), choices=[("", "---------"), *Post.choices], required=False
    )
    member = forms.ModelChoiceField(label=_("党员"), queryset=None, required=False)
    person_name = forms.CharField(
        label=_("姓名"), required=False, help_text=_("不在本支部名册中时填写")
    )

    def __init__(self, *args, branch: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        use_member_picker(
            self.fields["member"], branch.members.all(), picker="branch-manage", pk=branch.pk
        )

    def clean_person_name(self) -> str:
        return check_name(self.cleaned_data["person_name"])

    def clean(self) -> dict:
        data = super().clean()
        has_person = data.get("member") or data.get("person_name")
        if data.get("post") and not has_person:
            raise forms.ValidationError(_("请选择党员或填写姓名。"))
        if has_person and not data.get("post"):
            raise forms.ValidationError(_("请选择职务。"))
        return data


TermPostFormSet = forms.formset_factory(TermPostForm, extra=5, max_num=9)
