"""Forms of the delegates' congress: the allotment, a unit's change, the credentials check and the
sign-in register."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.models import Delegate


class AllotForm(forms.Form):
    total = forms.IntegerField(label=_("代表总名额"), min_value=1, max_value=3000)
    minimum = forms.IntegerField(
        label=_("每个选举单位最少名额"), min_value=0, max_value=100, initial=1
    )


class UnitSeatsForm(forms.Form):
    seats = forms.IntegerField(label=_("代表名额"), min_value=1, max_value=3000)
    reason = forms.CharField(label=_("调整理由"), max_length=500)


class CredentialForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("审查结论"),
        choices=[("1", _("资格有效")), ("0", _("资格无效"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("审查意见"), max_length=500, required=False)


class SignInForm(forms.Form):
    delegates = forms.ModelMultipleChoiceField(
        label=_("到会代表"),
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
