"""Forms of the recommend phase: the recommendation meeting and nominees."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.member_pickers import use_member_picker
from elections.forms.common import DATE
from elections.models import Body, NominationSource, Renewal
from elections.selectors.candidates import posts_of
from elections.selectors.prepare import candidates_of
from members.models import Member


class RecommendationForm(forms.Form):
    held_on = forms.DateField(label=_("推荐会议日期"), widget=DATE)
    expected = forms.IntegerField(label=_("应到人数"), min_value=1)
    present = forms.IntegerField(label=_("实到人数"), min_value=0)
    ballots = forms.IntegerField(label=_("收回推荐票"), min_value=0)
    representatives = forms.IntegerField(
        label=_("参加信任投票的代表人数"), min_value=0, required=False
    )


class NomineeForm(forms.Form):
    member = forms.ModelChoiceField(label=_("党员"), queryset=Member.objects.none())
    post = forms.ChoiceField(label=_("推荐职务"), choices=())
    source = forms.ChoiceField(label=_("推荐方式"), choices=NominationSource.choices)
    votes = forms.IntegerField(label=_("推荐票数"), min_value=0, initial=0)
    confidence_votes = forms.IntegerField(label=_("信任票数"), min_value=0, required=False)

    def __init__(self, *args, renewal: Renewal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        use_member_picker(
            self.fields["member"], candidates_of(renewal), picker="electorate", pk=renewal.pk
        )
        if not renewal.ruleset().confidence_vote:
            del self.fields["confidence_votes"]
        posts = posts_of(renewal)
        if len(posts) > 1:
            # A branch without a committee that elects a deputy: each post has its own nominees.
            self.fields["post"].choices = [(post, Body(post).label) for post in posts]
        else:
            del self.fields["post"]
