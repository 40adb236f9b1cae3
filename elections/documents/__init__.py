"""Documents of a renewal: one builder per document, one PDF pipeline (WeasyPrint) for all."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from ..models import DocumentKind, IssuedDocument, Renewal
from .builders import BUILDERS
from .pdf import render_pdf


def build_pdf(renewal: Renewal, kind: str, **params: Any) -> bytes:
    """`params` go to the builder: `round_` for a tally sheet."""
    template, context = BUILDERS[kind](renewal, **params)
    return render_pdf(template, context)


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


__all__ = ["DocumentKind", "build_pdf", "issue_document"]
