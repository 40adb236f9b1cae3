"""After the meeting: the result report and its approval (R16, R17), the new term, the work
summary, the handover and the sealed archive."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.models import AuditEvent, Post
from branches.services import term_start

from .documents import issue_document
from .models import Body, DocumentKind, Phase, Renewal
from .notifications import notify_next
from .phases import TransitionRefused, blockers, require_phase
from .services import lock, move, record_event, require

#: What the outgoing committee hands over (交接), each recorded with who handed it to whom.
HANDOVER_ITEMS = [
    ("seals", gettext_lazy("印章")),
    ("files", gettext_lazy("文件档案")),
    ("funds", gettext_lazy("党费及经费账目")),
    ("applications", gettext_lazy("入党申请人、积极分子及发展对象材料")),
]


def term_posts(renewal: Renewal) -> list[tuple[str, Any, str]]:
    """(post, member, name) of the new committee for the branch's new term."""
    elected = list(renewal.elected.select_related("member"))
    posts: list[tuple[str, Any, str]] = []
    if renewal.secretary_only:
        for body, post in ((Body.SECRETARY, Post.SECRETARY), (Body.DEPUTY, Post.DEPUTY)):
            posts += [(post, e.member, e.name) for e in elected if e.body == body]
        return posts
    order = {Post.SECRETARY: 0, Post.DEPUTY: 1}
    members = sorted(
        (e for e in elected if e.body == Body.COMMITTEE),
        key=lambda e: (order.get(e.duty, 2), -e.votes, e.pk),
    )
    return [(e.duty or Post.MEMBER, e.member, e.name) for e in members]


@transaction.atomic
def renewal_submit_result(*, actor: Any, renewal: Renewal) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="submit_result")
    issue_document(renewal, DocumentKind.RESULT_REPORT, actor=actor)
    notify_next(renewal, _("选举结果报告待批复"), Action.APPROVE)
    return renewal


@transaction.atomic
def renewal_approve_result(*, actor: Any, renewal: Renewal) -> Renewal:
    """R16: the superior approves the secretary and deputy (committee recorded or approved);
    the branch's new term starts with the elected committee and the previous one ends."""
    renewal = move(actor=actor, renewal=renewal, name="approve_result")
    issue_document(renewal, DocumentKind.RESULT_REPLY, actor=actor)
    term_start(
        actor=actor,
        organisation=renewal.branch,
        start_date=timezone.localdate(),
        posts=term_posts(renewal),
        note=_("经换届选举产生，上级批复于 %(d)s") % {"d": timezone.localdate()},
    )
    notify_next(renewal, _("选举结果已批复，请完成工作交接和总结归档"), Action.WORK)
    return renewal


@transaction.atomic
def renewal_return_result(*, actor: Any, renewal: Renewal, reason: str) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="return_result", reason=reason)
    notify_next(renewal, _("选举结果报告被退回：%(r)s") % {"r": reason}, Action.WORK)
    return renewal


@transaction.atomic
def archive_save(
    *, actor: Any, renewal: Renewal, summary: str, handover: list[dict[str, str]]
) -> Renewal:
    """The work summary and the handover checklist; each item names who handed over to whom."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.ARCHIVE)
    codes = {code for code, _label in HANDOVER_ITEMS}
    rows = []
    errors = []
    for row in handover:
        if row.get("item") not in codes:
            raise ValidationError(_("交接事项无效。"))
        clean = {
            k: str(row.get(k, "")).strip()[:200]
            for k in ("item", "handed_by", "received_by", "note")
        }
        if bool(clean["handed_by"]) != bool(clean["received_by"]):
            label = dict(HANDOVER_ITEMS)[clean["item"]]
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
        summary=_("填写换届工作总结和工作交接"),
        changes={"handover": rows},
    )
    return renewal


def audit_csv(renewal: Renewal) -> bytes:
    events = (
        AuditEvent.objects.filter(target_type="elections.renewal", target_id=str(renewal.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("时间"), _("操作人"), _("操作"), _("摘要"), _("变更")])
    for e in events:
        writer.writerow([
            timezone.localtime(e.at).isoformat(),
            e.actor.get_username() if e.actor else "",
            e.action,
            e.summary,
            json.dumps(e.changes, ensure_ascii=False, sort_keys=True),
        ])  # fmt: skip
    # A BOM so that Excel opens the Chinese text correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# Fixed timestamps inside the zip: the archive's bytes depend on its contents only.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def build_archive(renewal: Renewal) -> bytes:
    """Every issued document as stored, the count as Excel, the audit trail as CSV, a manifest."""
    files: list[tuple[str, bytes]] = []
    for number, doc in enumerate(renewal.documents.order_by("issued_at", "pk"), start=1):
        with doc.file.open("rb") as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            raise ValidationError(
                _("文书“%(d)s”与形成时的 SHA-256 不一致，可能已被改动，不能归档。") % {"d": doc}
            )
        name = f"{number:02d}-{doc.get_kind_display()}{doc.label}.pdf"
        files.append((f"文书/{name}", data))
    from .documents.excel import count_workbook

    files.append((_("计票结果.xlsx"), count_workbook(renewal)))
    files.append((_("操作记录.csv"), audit_csv(renewal)))
    manifest = ["SHA-256  " + _("文件")]
    manifest += [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in files]
    files.append(("MANIFEST-SHA256.txt", ("\n".join(manifest) + "\n").encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, data)
    return buffer.getvalue()


@transaction.atomic
def renewal_seal(*, actor: Any, renewal: Renewal) -> Renewal:
    """One click: issue the summary, build the archive, store it with its hash; read-only after."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.ARCHIVE)
    found = blockers(renewal, "seal")
    if found:
        raise TransitionRefused(found)
    issue_document(renewal, DocumentKind.SUMMARY, actor=actor)

    def seal(locked: Renewal) -> list[str]:
        locked.sealed_at = timezone.now()
        # The audit trail in the archive ends before the sealing's own event, written after it.
        data = build_archive(locked)
        locked.archive_sha256 = hashlib.sha256(data).hexdigest()
        locked.archive.save(f"{locked.pk}-archive.zip", ContentFile(data), save=False)
        return ["sealed_at", "archive", "archive_sha256"]

    return move(actor=actor, renewal=renewal, name="seal", before_save=seal)
