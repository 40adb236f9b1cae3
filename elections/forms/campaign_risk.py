"""The risk note form (风险研判) of one branch of a campaign."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.models import RiskLevel
from elections.services.campaign_risk import NOTE_MAX


class CampaignRiskForm(forms.Form):
    level = forms.ChoiceField(
        label=_("风险等级"),
        required=False,
        choices=[("", _("未研判")), *RiskLevel.choices],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("研判说明"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("二类、三类须写明风险点和应对措施。"),
    )
