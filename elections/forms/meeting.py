"""Forms of the election meeting: details, formal candidates, scrutineers and counters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.forms.common import DATE
from elections.models import Meeting, Nominee
from members.models import Member


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "start_time", "place", "chair", "agenda"]
        widgets = {
            "held_on": DATE,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "chair": _(
                "党员大会由上届支部委员会（书记）主持；第一次全体会议由上届委员会指定的新当选委员召集"
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind == "members":
            for name in ("held_on", "place", "chair"):
                self.fields[name].required = True


class AdjournForm(forms.Form):
    held_on = forms.DateField(label=_("改期召开的日期"), widget=DATE)
    reason = forms.CharField(
        label=_("休会原因"),
        max_length=200,
        initial=_("到会人数未达到法定人数"),
    )


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.name


class CandidatesForm(forms.Form):
    nominees = forms.ModelMultipleChoiceField(
        label=_("正式候选人"),
        queryset=Nominee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请勾选正式候选人。")},
    )

    def __init__(self, *args, standing: list[Nominee], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nominees"]
        field.queryset = Nominee.objects.filter(pk__in=[n.pk for n in standing])
        names = {n.pk: n.member.name for n in standing}
        field.label_from_instance = lambda n: names.get(n.pk, str(n))
        if not self.is_bound:
            self.initial["nominees"] = [n.pk for n in standing if n.formal] or [
                n.pk for n in standing
            ]


class StaffForm(forms.Form):
    scrutineers = PeopleChoice(
        label=_("监票人"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("由党员推荐、大会通过；候选人不能担任"),
        error_messages={"required": _("请至少推选一名监票人。")},
    )
    counters = PeopleChoice(
        label=_("计票人"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("在监票人监督下工作"),
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("scrutineers", "counters"):
            self.fields[name].queryset = people
