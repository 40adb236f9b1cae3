"""State changes of the archive phase: summary and handover, then the seal."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.official import official_text
from elections.documents.archive import build_archive
from elections.models import DocumentKind, Phase, Renewal
from elections.selectors.archive import HANDOVER_ITEMS, OWN_ITEM, OWN_LABEL_MAX
from elections.selectors.congress import holds_congress
from elections.services.documents import issue_document
from elections.workflow.machine import (
    TransitionRefused,
    blockers,
    lock,
    move,
    record_event,
    require,
    require_phase,
)


@transaction.atomic
def archive_save(
    *, actor: Any, renewal: Renewal, summary: str, handover: list[dict[str, str]]
) -> Renewal:
    """The work summary and the handover checklist; each item names who handed over to whom."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.ARCHIVE)
    labels = dict(HANDOVER_ITEMS)
    rows = []
    errors = []
    for row in handover:
        item = row.get("item")
        if item not in labels and item != OWN_ITEM:
            raise ValidationError(_("交接事项无效。"))
        clean = {
            k: str(row.get(k, "")).strip()[:200]
            for k in ("item", "handed_by", "received_by", "note")
        }
        if item == OWN_ITEM:
            # An item of the branch's own (e.g. 办公场所), named by the branch.
            clean["label"] = str(row.get("label", "")).strip()[:OWN_LABEL_MAX]
            if not (clean["label"] or clean["handed_by"] or clean["received_by"] or clean["note"]):
                continue
            if not clean["label"]:
                errors.append(_("其他交接事项：请填写事项名称。"))
                continue
        label = clean.get("label") or labels.get(item, "")
        if bool(clean["handed_by"]) != bool(clean["received_by"]):
            errors.append(_("%(i)s：请同时填写移交人和接收人。") % {"i": label})
        rows.append(clean)
    if errors:
        raise ValidationError(errors)
    renewal.summary, renewal.handover = summary, rows
    renewal.save(update_fields=["summary", "handover"])
    record_event(
        renewal,
        actor=actor,
        action="archive_save",
        summary=official_text(gettext_lazy("填写换届工作总结和工作交接")),
        changes={"handover": rows},
    )
    return renewal


@transaction.atomic
def renewal_seal(*, actor: Any, renewal: Renewal) -> Renewal:
    """One click: issue the summary, build the archive, store it with its hash; read-only after."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.ARCHIVE)
    found = blockers(renewal, "seal")
    if found:
        raise TransitionRefused(found)
    if (
        holds_congress(renewal)
        and not renewal.documents.filter(kind=DocumentKind.CONGRESS_METHOD).exists()
    ):
        # A congress whose method was adopted before it was issued on adoption: the archive
        # keeps the congress's election method all the same.
        issue_document(renewal, DocumentKind.CONGRESS_METHOD, actor=actor)
    issue_document(renewal, DocumentKind.SUMMARY, actor=actor)

    def seal(locked: Renewal) -> list[str]:
        locked.sealed_at = timezone.now()
        # The audit trail in the archive ends before the sealing's own event, written after it.
        data = build_archive(locked)
        locked.archive_sha256 = hashlib.sha256(data).hexdigest()
        locked.archive.save(f"{locked.pk}-archive.zip", ContentFile(data), save=False)
        return ["sealed_at", "archive", "archive_sha256"]

    return move(actor=actor, renewal=renewal, name="seal", before_save=seal)
