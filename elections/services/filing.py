"""Filing upward (备案): the superior that approved a result files it with the level above, which
acknowledges.

The superior files as it approves: `renewal_approve_result` calls `filing_submit` in its own
transaction, so every approved result is filed, with the very documents of the approval, and no
approval waits on somebody remembering to file it. The filing holds the result report and the
reply as the renewal issued them (their SHA-256 kept again in the filing) and a profile (一人一档)
printed now for each person whose post the superior approved."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action, can
from branches.official import official_text
from elections.documents.filing import profile_pdfs
from elections.models import (
    DocumentKind,
    Filing,
    FilingDocument,
    FilingDocumentKind,
    Phase,
    Renewal,
)
from elections.selectors.filing import FILED_KINDS, filing_route
from elections.services.notifications import absolute_url, mail_people, people_who_can
from elections.workflow.machine import lock, record_event, require


@transaction.atomic
def filing_submit(*, actor: Any, renewal: Renewal, elected_on: date) -> Filing | None:
    """File the approved result with the level above the approving superior; None when that
    superior has no parent (nobody above keeps the record). Refused before approval and twice.
    `elected_on` is the day of the members' meeting (the profiles give ages on that day)."""
    renewal = lock(renewal)
    require(actor, Action.APPROVE, renewal)
    if renewal.phase != Phase.ARCHIVE:
        raise ValidationError(_("选举结果批复后才能报送备案。"))
    if Filing.objects.filter(renewal=renewal).exists():
        raise ValidationError(_("该换届结果已报送备案。"))
    route = filing_route(renewal)
    if route is None:
        return None
    filed_by, filed_to = route
    filing = Filing.objects.create(
        renewal=renewal,
        filed_by=filed_by,
        filed_to=filed_to,
        filed_by_user=actor if getattr(actor, "is_authenticated", False) else None,
    )
    titles = []
    for kind in FILED_KINDS:
        issued = renewal.documents.filter(kind=kind).order_by("-issued_at", "-pk").first()
        if issued is None:
            continue
        name = official_text(DocumentKind(kind).label)  # stored: Chinese whoever files
        title = name + (f"（{issued.number}）" if issued.number else "")
        FilingDocument.objects.create(
            filing=filing, kind=kind, title=title, issued=issued, sha256=issued.sha256
        )
        titles.append(name)
    printed = profile_pdfs(renewal, elected_on=elected_on)
    for number, (profile, data) in enumerate(printed, start=1):
        doc = FilingDocument(
            filing=filing,
            kind=FilingDocumentKind.PROFILE,
            title=official_text(
                gettext_lazy("%(n)s同志基本情况（%(p)s）"), n=profile.name, p=profile.post
            ),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        doc.file.save(f"{renewal.pk}-profile-{number}.pdf", ContentFile(data), save=False)
        doc.save()
        titles.append(doc.title)
    record_event(
        renewal,
        actor=actor,
        action="filing_submit",
        summary=official_text(
            gettext_lazy("%(by)s 向 %(to)s 报送备案：%(docs)s"),
            by=filed_by.name,
            to=filed_to.name,
            docs="、".join(titles),
        ),
        changes={"filing": filing.pk},
    )
    subject = _("%(branch)s 的换届结果待备案") % {"branch": renewal.branch.name}
    body = f"{renewal}\n{subject}\n\n{absolute_url(filing.get_absolute_url())}"
    mail_people(people_who_can(Action.APPROVE, filed_by), subject, body)
    return filing


@transaction.atomic
def filing_acknowledge(*, actor: Any, filing: Filing, note: str = "") -> Filing:
    """The level above acknowledges a filing (予以备案), with an optional remark; once."""
    filing = Filing.objects.select_for_update().select_related("filed_by").get(pk=filing.pk)
    if not can(actor, Action.APPROVE, filing.filed_by):
        raise PermissionDenied
    if filing.acknowledged_at is not None:
        raise ValidationError(_("该备案已确认。"))
    filing.acknowledged_at = timezone.now()
    filing.acknowledged_by = actor
    filing.note = note.strip()
    filing.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    record_event(
        filing.renewal,
        actor=actor,
        action="filing_acknowledge",
        summary=official_text(
            gettext_lazy("%(to)s 确认备案%(note)s"),
            to=filing.filed_to.name,
            note=f"：{filing.note}" if filing.note else "",
        ),
        changes={"filing": filing.pk},
    )
    return filing
