from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.pickers import OrganisationChoiceField

from .idcard import birth_date_from_id, id_number_problem, normalise
from .models import Member, MemberStatus, RightsStatus
from .names import check_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


SELECT = forms.Select(attrs={"class": "form-select"})


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "phone",
            "id_number",
            "joined_on",
            "full_member_on",
            "status",
            "rights",
            "party_probation_until",
        ]
        widgets = {
            "birth_date": DATE,
            "joined_on": DATE,
            "full_member_on": DATE,
            "party_probation_until": DATE,
        }

    def clean_name(self) -> str:
        return check_name(self.cleaned_data["name"])

    def clean_id_number(self) -> str:
        value = normalise(self.cleaned_data["id_number"])
        problem = id_number_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict:
        data = super().clean()
        today = timezone.localdate()
        for field in ("birth_date", "joined_on", "full_member_on"):
            if data.get(field) and data[field] > today:
                self.add_error(field, _("日期不能晚于今天。"))
        if data.get("id_number") and not data.get("birth_date"):
            data["birth_date"] = birth_date_from_id(data["id_number"])
        elif data.get("id_number") and data["birth_date"] != birth_date_from_id(data["id_number"]):
            self.add_error("birth_date", _("出生日期与身份证号不一致。"))
        status = data.get("status")
        if status == MemberStatus.FULL and not data.get("full_member_on"):
            self.add_error("full_member_on", _("正式党员必须填写转正日期。"))
        if status == MemberStatus.PROBATIONARY and data.get("full_member_on"):
            self.add_error("full_member_on", _("预备党员不应有转正日期。"))
        joined, full = data.get("joined_on"), data.get("full_member_on")
        if joined and full and full < joined:
            self.add_error("full_member_on", _("转正日期不能早于入党日期。"))
        if data.get("party_probation_until") and data.get("rights") != RightsStatus.PARTY_PROBATION:
            self.add_error("party_probation_until", _("只有“留党察看”的党员才填写期满日期。"))
        return data

    def _post_clean(self) -> None:
        # Constraints are checked by the service's full_clean, which knows the branch.
        pass


class TransferForm(forms.Form):
    to_branch = OrganisationChoiceField(label=_("转入支部"), picker="manage-branch")
    transferred_on = forms.DateField(label=_("转接日期"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)

    def __init__(self, *args, branches, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = branches
        self.fields["transferred_on"].initial = timezone.localdate()


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    status = forms.ChoiceField(
        label=_("党员类别"),
        required=False,
        choices=[("", _("全部类别")), *MemberStatus.choices],
        widget=SELECT,
    )
    rights = forms.ChoiceField(
        label=_("权利状态"),
        required=False,
        choices=[("", _("全部权利状态")), *RightsStatus.choices],
        widget=SELECT,
    )
    order = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("", _("按所在支部")), ("strokes", _("按姓氏笔画"))],
        widget=SELECT,
    )


class ImportForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("导入到"),
        picker="manage",
        help_text=_("选择党支部则导入该支部；选择党委或党总支则按“支部代码”列分配"),
    )
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    dry_run = forms.BooleanField(label=_("仅校验，不保存"), required=False)

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("只能导入 .xlsx 格式的 Excel 文件（可下载模板）。"))
        limit = settings.MEMBER_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size).1f MB），上限 %(limit).0f MB，请分批导入。")
                % {"size": upload.size / 1e6, "limit": limit / 1e6}
            )
        return upload
