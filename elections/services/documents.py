"""Issuing a document: numbered (发文字号) if it is a 请示, 报告 or 批复, rendered now, stored
with its SHA-256 so the archive holds exactly it."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from branches.access import Action, can
from branches.models import Organisation
from branches.official import official, official_text
from branches.services import audit
from elections.documents import build_pdf
from elections.domain.numbering import format_number, pattern_problems
from elections.models import (
    DocumentCounter,
    IssuedDocument,
    MeetingKind,
    OrganisationDocumentSettings,
    Renewal,
    Round,
    body_label,
    meeting_label,
)
from elections.selectors.congress import holds_congress
from elections.selectors.numbering import document_settings_for, issued_number, issuing_organisation


def take_number(organisation: Organisation) -> str:
    """The organisation's next 发文字号 this year: the counter row is locked until the transaction
    ends, so two documents issued at once get consecutive numbers, never the same one."""
    year = timezone.localdate().year
    DocumentCounter.objects.get_or_create(organisation=organisation, year=year)
    counter = DocumentCounter.objects.select_for_update().get(organisation=organisation, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    settings = document_settings_for(organisation)
    return format_number(
        settings.number_pattern,
        short_name=settings.short_name_or_default(),
        year=year,
        sequence=counter.last,
    )


def tally_label(round_: Round) -> str:
    """A tally sheet's label, named as the sheet names its meeting and its body: （党员代表大会第1轮
    委员会委员 正式选举）."""
    renewal = round_.meeting.renewal
    kind = renewal.branch.kind
    congress = round_.meeting.kind == MeetingKind.MEMBERS and holds_congress(renewal)
    meeting = meeting_label(round_.meeting, kind, congress=congress)
    body = body_label(round_.body, kind)
    return f"（{meeting}第{round_.number}轮 {body} {round_.get_kind_display()}）"


@official
@transaction.atomic
def issue_document(
    renewal: Renewal, kind: str, *, actor: Any, label: str = "", **params: Any
) -> IssuedDocument:
    """Store the document as issued now, with its SHA-256, so the archive holds exactly it;
    `label` says why a document is issued again (the earlier issue stays in the record)."""
    number = ""
    issuer = issuing_organisation(renewal, kind)
    if issuer is not None:
        number = issued_number(renewal, kind) or take_number(issuer)
        params["number"] = number
    data = build_pdf(renewal, kind, **params)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    round_, notice, unit = params.get("round_"), params.get("notice"), params.get("unit")
    issuer_unit = unit or (round_.meeting.unit if round_ is not None else None)
    if round_ is not None:
        label = tally_label(round_)
    elif notice is not None:
        label = f"（第{notice.number}次）"
    elif unit is not None:
        label = f"（{unit.unit.name}）"
    doc = IssuedDocument(
        renewal=renewal,
        kind=kind,
        label=label,
        unit=issuer_unit,
        sha256=hashlib.sha256(data).hexdigest(),
        number=number,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    suffix = f"-r{round_.pk}" if round_ is not None else ""
    suffix += f"-n{notice.number}" if notice is not None else ""
    suffix += f"-u{unit.pk}" if unit is not None else ""
    doc.file.save(f"{renewal.pk}-{kind}{suffix}-{stamp}.pdf", ContentFile(data), save=False)
    doc.save()
    return doc


@transaction.atomic
def document_settings_save(
    *, actor: Any, organisation: Organisation, short_name: str, number_pattern: str
) -> OrganisationDocumentSettings:
    """Change how the organisation numbers its documents; numbers already given stay as they are."""
    if not can(actor, Action.MANAGE, organisation):
        raise PermissionDenied
    problems = pattern_problems(number_pattern)
    if problems:
        raise ValidationError({"number_pattern": problems})
    found = (
        OrganisationDocumentSettings.objects.select_for_update()
        .filter(organisation=organisation)
        .first()
    )
    settings = found or OrganisationDocumentSettings(organisation=organisation)
    before = {"short_name": settings.short_name, "number_pattern": settings.number_pattern}
    settings.short_name, settings.number_pattern = short_name.strip(), number_pattern.strip()
    after = {"short_name": settings.short_name, "number_pattern": settings.number_pattern}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    settings.save()
    if changes or found is None:
        audit(
            actor=actor,
            action="document_settings_save",
            organisation=organisation,
            target=settings,
            summary=official_text(
                gettext_lazy("修改 %(org)s 的发文字号设置"), org=organisation.name
            ),
            changes=changes,
        )
    return settings
