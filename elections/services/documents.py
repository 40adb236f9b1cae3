"""Issuing a document: rendered now, stored with its SHA-256 so the archive holds exactly it."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from branches.official import official
from elections.documents import build_pdf
from elections.models import IssuedDocument, Renewal


@official
def issue_document(renewal: Renewal, kind: str, *, actor: Any, **params: Any) -> IssuedDocument:
    """Store the document as issued now, with its SHA-256, so the archive holds exactly it."""
    data = build_pdf(renewal, kind, **params)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    round_ = params.get("round_")
    doc = IssuedDocument(
        renewal=renewal,
        kind=kind,
        label=f"（{round_.meeting.get_kind_display()}{round_}）" if round_ is not None else "",
        sha256=hashlib.sha256(data).hexdigest(),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    suffix = f"-r{round_.pk}" if round_ is not None else ""
    doc.file.save(f"{renewal.pk}-{kind}{suffix}-{stamp}.pdf", ContentFile(data), save=False)
    doc.save()
    return doc
