"""Forms of the delegates' congress: the allotment, a unit's change, the credentials check and the
sign-in register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from elections import domain
from elections.models import Delegate
from members.models import Member


class AllotForm(forms.Form):
    total = forms.IntegerField(label=gettext_lazy("代表总名额"), min_value=1, max_value=3000)
    minimum = forms.IntegerField(
        label=gettext_lazy("每个选举单位最少名额"), min_value=0, max_value=100, initial=1
    )


class UnitSeatsForm(forms.Form):
    seats = forms.IntegerField(label=gettext_lazy("代表名额"), min_value=1, max_value=3000)
    reason = forms.CharField(label=gettext_lazy("调整理由"), max_length=500)


class CredentialForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=gettext_lazy("审查结论"),
        choices=[("1", gettext_lazy("资格有效")), ("0", gettext_lazy("资格无效"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=gettext_lazy("审查意见"), max_length=500, required=False)


class SignInForm(forms.Form):
    delegates = forms.ModelMultipleChoiceField(
        label=gettext_lazy("到会代表"),
        queryset=Delegate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, confirmed: list[Delegate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["delegates"]
        field.queryset = Delegate.objects.filter(pk__in=[d.pk for d in confirmed]).select_related(
            "unit__unit"
        )
        field.initial = [d.pk for d in confirmed if d.signed_in_at is not None]
        field.label_from_instance = lambda d: f"{d.name}（{d.unit.unit.name}）"


class UnitElectionForm(forms.Form):
    """A unit's delegate election as its tally sheet reads: the figures, then one line per
    candidate in ballot order: name, yes, no, abstain."""

    held_on = forms.DateField(
        label=gettext_lazy("选举日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expected = forms.IntegerField(label=gettext_lazy("应到会人数"), min_value=1)
    present = forms.IntegerField(label=gettext_lazy("实到会有选举权人数"), min_value=0)
    issued = forms.IntegerField(label=gettext_lazy("发出选票"), min_value=0)
    returned = forms.IntegerField(label=gettext_lazy("收回选票"), min_value=0)
    invalid = forms.IntegerField(label=gettext_lazy("无效票"), min_value=0, initial=0)
    tally = forms.CharField(
        label=gettext_lazy("计票结果"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "按选票顺序每行一名候选人：姓名 赞成票 不赞成票 弃权票，例如：王一 9 1 0"
        ),
    )

    def __init__(self, *args, voters: list[Member], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.voters = voters

    def clean_tally(self) -> list[dict[str, Any]]:
        by_name: dict[str, list[Member]] = {}
        for member in self.voters:
            by_name.setdefault(domain.normalize_name(member.name), []).append(member)
        marks, errors = [], []
        for number, line in enumerate(self.cleaned_data["tally"].splitlines(), start=1):
            parts = line.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            if len(parts) != 4 or not all(p.isdigit() for p in parts[1:]):
                errors.append(_("第%(n)s行应为：姓名 赞成票 不赞成票 弃权票。") % {"n": number})
                continue
            found = by_name.get(domain.normalize_name(parts[0]), [])
            if len(found) != 1:
                errors.append(
                    _("第%(n)s行：%(name)s不是本选举单位有选举权的党员，或有重名。")
                    % {"n": number, "name": parts[0]}
                )
                continue
            yes, no, abstain = (int(p) for p in parts[1:])
            marks.append({"member": found[0], "yes": yes, "no": no, "abstain": abstain})
        if errors:
            raise forms.ValidationError(errors)
        if not marks:
            raise forms.ValidationError(_("请填写候选人的得票。"))
        return marks


class UnitCandidatesForm(forms.Form):
    """A unit meeting's delegate candidates, from the unit's members with voting rights."""

    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("代表候选人"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, voters: list[Member], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.filter(
            pk__in=[m.pk for m in voters]
        ).order_by("name", "pk")


class ReportVoteForm(forms.Form):
    """The congress's vote on one work report, as the scrutineers announce it."""

    report = forms.ChoiceField(label=_("报告"), choices=())
    yes = forms.IntegerField(label=_("赞成"), min_value=0)
    no = forms.IntegerField(label=_("反对"), min_value=0)
    abstain = forms.IntegerField(label=_("弃权"), min_value=0)

    def __init__(self, *args: Any, reports: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = reports
