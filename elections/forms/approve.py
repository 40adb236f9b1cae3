"""Forms of the approve phase."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WriteInCheckForm(forms.Form):
    note = forms.CharField(
        label=_("资格审查意见"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：经审查，该同志为本支部正式党员，具有被选举权，未发现不宜当选的情形。"),
    )


class InvalidateForm(forms.Form):
    """当选无效: the approver's reason, kept with the invalid election in the record."""

    reason = forms.CharField(
        label=_("当选无效的理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：经查，该同志当选前受到党纪处分，不具备当选资格。"),
    )
