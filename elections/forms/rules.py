"""The rule profile form, validated field by field like a RuleSet."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from elections.models import RuleProfile
from elections.selectors.rules import PROFILE_FIELDS

RULE_LIMITS = {
    "differential_margin": (Decimal("0.20"), Decimal("1.00")),
    "max_committee_seats": (3, 7),
    "publicity_days": (1, 30),
    "meeting_notice_days": (1, 30),
    "min_party_age_years": (0, 50),
    "max_age": (18, 100),
    "recommendation_top_n": (1, 99),
    "appointment_notice_days": (0, 30),
}


class RuleProfileForm(forms.ModelForm):
    """Each setting within the regulation's bounds, with the error next to its field."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high) in RULE_LIMITS.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.help_text = _("%(low)s 至 %(high)s") % {"low": low, "high": high}
        self.fields["appointment_notice_days"].required = False
        self.fields["appointment_notice_days"].help_text = _(
            "0 至 30 个工作日；0 或留空为不进行任职公示，否则公示期满方可封存归档"
        )
        self.fields["differential_margin"].help_text = _(
            "候选人多于应选人数的比例，0.20 即 20%，只能提高不能降低"
        )

    def clean_appointment_notice_days(self) -> int:
        return self.cleaned_data["appointment_notice_days"] or 0

    class Meta:
        model = RuleProfile
        fields = list(PROFILE_FIELDS)
