"""The 发文字号 settings form of an organisation."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from elections.domain.numbering import pattern_problems
from elections.models import OrganisationDocumentSettings


class DocumentSettingsForm(forms.ModelForm):
    class Meta:
        model = OrganisationDocumentSettings
        fields = ["short_name", "number_pattern"]

    def clean_number_pattern(self) -> str:
        pattern = self.cleaned_data["number_pattern"].strip()
        problems = pattern_problems(pattern)
        if problems:
            raise ValidationError(problems)
        return pattern
