"""The summary and handover form (archive phase)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.selectors.archive import HANDOVER_ITEMS, OWN_ITEM, OWN_LABEL_MAX

PARTS = ("handed_by", "received_by", "note")
#: Blank rows offered for the branch's own items, beyond those already saved.
BLANK_OWN_ROWS = 2


class ArchiveForm(forms.Form):
    summary = forms.CharField(
        label=_("换届工作总结"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )

    def __init__(self, *args, handover: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        saved = {row.get("item"): row for row in handover}
        self.items = []
        for code, label in HANDOVER_ITEMS:
            self.items.append((label, self._row_fields(code, label, saved.get(code, {}))))
        # The branch's own items (e.g. 办公场所): each row names its item in its first field.
        own = [row for row in handover if row.get("item") == OWN_ITEM]
        posted = sum(1 for key in self.data if key.startswith("own") and key.endswith("_label"))
        self.own_items = []
        for index in range(max(len(own) + BLANK_OWN_ROWS, posted)):
            row = own[index] if index < len(own) else {}
            key = f"own{index}_label"
            self.fields[key] = forms.CharField(
                label=_("其他交接事项"), required=False, max_length=OWN_LABEL_MAX,
                initial=row.get("label", ""),
            )  # fmt: skip
            label = self[key]
            self.own_items.append((label, self._row_fields(f"own{index}", "", row)))

    def _row_fields(self, prefix: str, label, row: dict) -> list:
        names = []
        for part, part_label in zip(PARTS, (_("移交人"), _("接收人"), _("说明")), strict=True):
            key = f"{prefix}_{part}"
            self.fields[key] = forms.CharField(
                label=f"{label} {part_label}".strip(), required=False, max_length=200,
                initial=row.get(part, ""),
            )  # fmt: skip
            names.append(self[key])
        return names

    def handover(self) -> list[dict[str, str]]:
        """The fixed rows, then each own row that has anything in it (blank ones are dropped)."""
        data = self.cleaned_data
        rows = [
            {"item": code, **{p: data[f"{code}_{p}"] for p in PARTS}}
            for code, _label in HANDOVER_ITEMS
        ]
        for index in range(len(self.own_items)):
            row = {p: data[f"own{index}_{p}"] for p in PARTS}
            label = data[f"own{index}_label"]
            if label or any(row.values()):
                rows.append({"item": OWN_ITEM, "label": label, **row})
        return rows
