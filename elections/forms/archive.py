"""The summary and handover form (archive phase)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.selectors.archive import HANDOVER_ITEMS


class ArchiveForm(forms.Form):
    summary = forms.CharField(
        label=_("换届工作总结"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )

    def __init__(self, *args, handover: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        saved = {row.get("item"): row for row in handover}
        self.items = []
        for code, label in HANDOVER_ITEMS:
            row = saved.get(code, {})
            names = []
            for part, part_label in (
                ("handed_by", _("移交人")), ("received_by", _("接收人")), ("note", _("说明")),
            ):  # fmt: skip
                key = f"{code}_{part}"
                self.fields[key] = forms.CharField(
                    label=f"{label} {part_label}", required=False, max_length=200,
                    initial=row.get(part, ""),
                )  # fmt: skip
                names.append(self[key])
            self.items.append((label, names))

    def handover(self) -> list[dict[str, str]]:
        return [
            {
                "item": code,
                **{
                    p: self.cleaned_data[f"{code}_{p}"]
                    for p in ("handed_by", "received_by", "note")
                },
            }
            for code, _label in HANDOVER_ITEMS
        ]
