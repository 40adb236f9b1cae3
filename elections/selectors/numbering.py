"""Reads of 发文字号: who issues a document, the number it already has, an organisation's
settings."""

from __future__ import annotations

from branches.models import Organisation
from elections.models import (
    ISSUED_BY_SUPERIOR,
    NUMBERED_KINDS,
    OrganisationDocumentSettings,
    Renewal,
)


def issuing_organisation(renewal: Renewal, kind: str) -> Organisation | None:
    """The branch issues its 请示 and 报告; the superior (who approves) its 批复."""
    if kind not in NUMBERED_KINDS:
        return None
    return renewal.branch.parent if kind in ISSUED_BY_SUPERIOR else renewal.branch


def issued_number(renewal: Renewal, kind: str) -> str:
    """The number the document got when first issued; it keeps it when issued again."""
    doc = renewal.documents.filter(kind=kind).exclude(number="").order_by("issued_at", "pk").first()
    return doc.number if doc else ""


def document_settings_for(organisation: Organisation) -> OrganisationDocumentSettings:
    """The organisation's settings, or the defaults (unsaved) when it has none."""
    found = OrganisationDocumentSettings.objects.filter(organisation=organisation).first()
    return found or OrganisationDocumentSettings(organisation=organisation)
