"""Forms of a campaign: the plan with its timetable and targets, the list's search, the scope."""

from __future__ import annotations

from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from branches.models import Organisation
from branches.pickers import OrganisationChoiceField, OrganisationMultipleChoiceField
from elections.domain.timetable import STEPS, spread_backwards
from elections.forms.common import DATE
from elections.models import Campaign, CampaignStep, TargetCode
from elections.selectors.problems import by_field
from elections.selectors.rules import rules_for
from elections.services.campaign import UNIT_KINDS

SUBTREE, CHOSEN = "subtree", "chosen"
#: A target's default when a campaign is new: pledges are always signed by every candidate.
TARGET_DEFAULTS = {TargetCode.PLEDGES: 100}


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)


class CampaignForm(forms.Form):
    """The plan: organisation (on creation), title, dates, scope, one deadline a step, targets.

    Field names of the deadlines are the step codes and those of the targets the target codes,
    so that a service's refusal lands on the field it names."""

    organisation = OrganisationChoiceField(label=_("组织换届的党组织"), picker="campaign")
    title = forms.CharField(label=_("标题"), max_length=200)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    scope = forms.ChoiceField(
        label=_("换届范围"),
        choices=[(SUBTREE, _("下属全部党组织")), (CHOSEN, _("选定的党支部、党总支"))],
        initial=SUBTREE,
        widget=forms.RadioSelect,
    )
    units = OrganisationMultipleChoiceField(
        label=_("选定的党支部、党总支"),
        picker="view-unit",
        required=False,
        help_text=_("选定党总支的，其下属党支部一并纳入。"),
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        campaign: Campaign | None = None,
        **kwargs: Any,
    ) -> None:
        if campaign is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = initial_for(campaign)
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        for step in STEPS:
            self.fields[str(step)] = forms.DateField(
                label=CampaignStep(step).label, required=False, widget=DATE
            )
        for code in TargetCode:
            self.fields[code.value] = forms.IntegerField(
                label=code.label,
                required=False,
                min_value=0,
                max_value=100,
                initial=TARGET_DEFAULTS.get(code),
                help_text=_("百分比，不设目标的留空"),
            )
        if campaign is not None:
            del self.fields["organisation"]
            roots = Organisation.objects.filter(pk=campaign.organisation_id)
        else:
            self.fields["organisation"].queryset = organisations
            roots = organisations
        paths = list(roots.values_list("path", flat=True))
        units = Organisation.objects.filter(kind__in=UNIT_KINDS, is_active=True)
        if paths:
            units = units.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))
        else:
            units = units.none()
        self.fields["units"].queryset = units.order_by("path")

    @property
    def step_fields(self) -> list[forms.BoundField]:
        return [self[str(step)] for step in STEPS]

    @property
    def target_fields(self) -> list[forms.BoundField]:
        return [self[code.value] for code in TargetCode]

    @property
    def plan_fields(self) -> list[forms.BoundField]:
        names = ["organisation", "title", "starts_on", "ends_on", "scope", "units", "note"]
        return [self[n] for n in names if n in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scope") == CHOSEN and not data.get("units"):
            self.add_error("units", _("请选定纳入本次换届的党支部或党总支。"))
        if data.get("scope") != CHOSEN:
            data["units"] = []
        return data

    @property
    def running_organisation(self) -> Organisation | None:
        if self.campaign is not None:
            return self.campaign.organisation
        return self.cleaned_data.get("organisation")

    def deadlines(self) -> dict[str, date]:
        return {str(s): self.cleaned_data[str(s)] for s in STEPS if self.cleaned_data.get(str(s))}

    def targets(self) -> dict[str, int]:
        return {
            c.value: self.cleaned_data[c.value]
            for c in TargetCode
            if self.cleaned_data.get(c.value) is not None
        }

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "deadlines": self.deadlines(),
            "targets": self.targets(),
            "note": data["note"],
            "units": list(data["units"]),
        }

    def spread(self) -> dict[str, str] | None:
        """倒排工期: the deadlines spread back from the end date with the organisation's rules,
        as the form's data (None, and the worded problem on the form, when they cannot fit)."""
        organisation = self.running_organisation
        start, end = self.cleaned_data.get("starts_on"), self.cleaned_data.get("ends_on")
        if organisation is None or start is None or end is None:
            return None
        spread = spread_backwards(start=start, end=end, rules=rules_for(organisation))
        if spread.problems:
            for field, errors in by_field(spread.problems, field="ends_on").items():
                for error in errors:
                    self.add_error(field, error)
            return None
        return {str(step): day.isoformat() for step, day in spread.deadlines.items()}


def initial_for(campaign: Campaign) -> dict[str, Any]:
    units = list(campaign.units.values_list("organisation", flat=True))
    return {
        "title": campaign.title,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "note": campaign.note,
        "scope": CHOSEN if units else SUBTREE,
        "units": units,
        **campaign.deadline_map(),
        **{code: campaign.targets.get(code) for code in TargetCode.values},
    }


class ScopeAddForm(forms.Form):
    branch = OrganisationChoiceField(label=_("党组织"), picker="view-active")
    reason = forms.CharField(label=_("纳入理由"), max_length=200)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = organisations


class ScopeRemoveForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("党组织"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("移出理由"), max_length=200)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = organisations
