"""Forms of the prepare phase: the plan, exclusions, the renewal list's filter."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from branches.member_pickers import use_member_picker
from branches.models import COMMISSION_POSTS, Post
from elections import domain
from elections.domain.rules import COMMITTEE_SEATS_CEILING
from elections.forms.common import DATE
from elections.models import Phase, Renewal
from elections.selectors.prepare import candidates_of
from members.models import Member


class PlanForm(forms.ModelForm):
    posts = forms.MultipleChoiceField(
        label=_("委员分工职务"),
        choices=[
            (p.value, p.label)
            for p in Post
            if p not in (Post.SECRETARY, Post.DEPUTY, *COMMISSION_POSTS)
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("书记、副书记之外需要分工的委员职务"),
    )

    class Meta:
        model = Renewal
        fields = [
            "seats",
            "commission_seats",
            "secretary_only",
            "elect_deputy",
            "deputies",
            "posts",
            "meeting_date",
            "meeting_place",
            "work_report",
            "work_report_file",
        ]
        # A plain file input: the clearable one links the stored file by its MEDIA_URL, which is
        # not served (uploads go out through elections:work_report_download only).
        widgets = {
            "meeting_date": DATE,
            "work_report": forms.Textarea(attrs={"rows": 6}),
            "work_report_file": forms.FileInput,
        }

    def clean_work_report(self) -> str:
        # Browsers send a textarea's line breaks as CRLF: kept as LF, an untouched report is equal.
        return self.cleaned_data.get("work_report", "").replace("\r\n", "\n")

    def edited(self) -> bool:
        """Whether the valid form differs from the plan it was made from (a new attachment
        counts); Django's has_changed() takes a CRLF report or reordered posts for edits."""
        for name in self.Meta.fields:
            if name not in self.fields:
                continue  # not asked of this kind of organisation
            value, before = self.cleaned_data.get(name), self.initial.get(name)
            if name == "work_report_file":
                if isinstance(value, UploadedFile):
                    return True
                continue
            if name == "posts":
                value, before = sorted(value or []), sorted(before or [])
            if value != before:
                return True
        return False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.branch_id and self.instance.branch.is_branch:
            # A branch has no discipline inspection commission: its committee names a 纪检委员.
            del self.fields["commission_seats"]
        if self.instance.branch_id and self.instance.branch.kind != "committee":
            del self.fields["deputies"]  # only a base committee may elect two deputies

    def clean_seats(self) -> int | None:
        seats = self.cleaned_data.get("seats")
        if self.instance.branch_id and not self.instance.branch.is_branch:
            return seats  # checked against seat_limits for the organisation's kind (check_plan)
        if seats is not None and not 1 <= seats <= COMMITTEE_SEATS_CEILING:
            raise forms.ValidationError(_("委员名额应为 3 至 7 名。"))
        return seats


class ExclusionForm(forms.Form):
    member = forms.ModelChoiceField(label=_("党员"), queryset=Member.objects.none())
    reason = forms.ChoiceField(label=_("情形"), choices=())
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, renewal: Renewal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        use_member_picker(
            self.fields["member"], candidates_of(renewal), picker="electorate", pk=renewal.pk
        )
        enabled = renewal.ruleset().exclusion_reasons
        self.fields["reason"].choices = [
            (r.value, r.label) for r in domain.ExclusionReason if r in enabled
        ]


class ExclusionVoteForm(forms.Form):
    """The members' meeting's vote on the exclusions the superior approved (R4)."""

    agree = forms.IntegerField(
        label=_("同意人数"),
        min_value=0,
        help_text=_("须超过实到会有选举权的党员的半数"),
    )


class RenewalFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    phase = forms.ChoiceField(
        label=_("阶段"),
        required=False,
        choices=[("", _("全部阶段")), *Phase.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
