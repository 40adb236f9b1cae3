"""Reads for the archive phase: the handover items, the uploaded files, the posts of the new
term, and the check of stored files against the hashes taken when they were issued or sealed."""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import Any

from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import AuditEvent, Post
from elections.models import Body, IssuedDocument, Renewal

#: What the outgoing committee hands over (交接), each recorded with who handed it to whom.
HANDOVER_ITEMS = [
    ("seals", gettext_lazy("印章")),
    ("files", gettext_lazy("文件档案")),
    ("funds", gettext_lazy("党费及经费账目")),
    ("applications", gettext_lazy("入党申请人、积极分子及发展对象材料")),
]
#: The item code of a row the branch adds itself (e.g. 办公场所), named by the row's "label".
OWN_ITEM = "own"
OWN_LABEL_MAX = 50


def handover_table(renewal: Renewal) -> list[dict[str, Any]]:
    """Every handover row with its label: the fixed items in their order (blank when not filled
    in), then the branch's own items in the order entered."""
    fields = ("handed_by", "received_by", "note")
    saved = {row.get("item"): row for row in renewal.handover}
    rows = [
        {"item": code, "label": str(label), **{k: saved.get(code, {}).get(k, "") for k in fields}}
        for code, label in HANDOVER_ITEMS
    ]
    rows += [
        {"item": OWN_ITEM, "label": row.get("label", ""), **{k: row.get(k, "") for k in fields}}
        for row in renewal.handover
        if row.get("item") == OWN_ITEM
    ]
    return rows


def uploaded_files(renewal: Renewal) -> list[tuple[str, FieldFile]]:
    """Every file a user uploaded to the renewal's record, each with its path in the archive: the
    work report's attachment, then each nominee's signed pledge (numbered, names may repeat)."""
    files: list[tuple[str, FieldFile]] = []
    if renewal.work_report_file:
        files.append((_("上届委员会工作报告"), renewal.work_report_file))
    pledged = renewal.nominees.exclude(pledge="").select_related("member").order_by("pk")
    for number, nominee in enumerate(pledged, start=1):
        files.append((f"{_('承诺书')}/{number:02d}-{nominee.member.name}", nominee.pledge))
    return [
        (f"{_('附件')}/{name}{PurePath(field.name).suffix.lower()}", field) for name, field in files
    ]


def recorded_upload_hashes(renewal: Renewal) -> dict[str, set[str]]:
    """By upload field (e.g. "pledge"), the SHA-256 of every file put there, as the audit events
    recorded them at upload (replace_upload): an archived upload must be one of them."""
    recorded: dict[str, set[str]] = {}
    events = AuditEvent.objects.filter(
        target_type="elections.renewal", target_id=str(renewal.pk)
    ).values_list("changes", flat=True)
    for changes in events:
        for key, value in (changes or {}).items():
            if key.endswith("_sha256") and isinstance(value, list) and value and value[-1]:
                recorded.setdefault(key.removesuffix("_sha256"), set()).add(value[-1])
    return recorded


def term_posts(renewal: Renewal) -> list[tuple[str, Any, str]]:
    """(post, member, name) of the branch's new term: the new committee, then the discipline
    inspection commission elected beside it (its secretary first), where there is one."""
    return posts_of(renewal, list(renewal.elected.select_related("member")))


def posts_of(renewal: Renewal, elected: list[Any]) -> list[tuple[str, Any, str]]:
    """term_posts from the renewal's `elected` read beforehand (a list of many renewals reads
    them all in one query)."""
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
    posts = [(e.duty or Post.MEMBER, e.member, e.name) for e in members]
    return posts + commission_posts(elected)


def commission_posts(elected: list[Any]) -> list[tuple[str, Any, str]]:
    """(post, member, name) of the commission among the `elected`: 纪委书记 (elected by the
    commission's first plenary from its members), then the other 纪委委员 by votes."""
    heads = {(e.member_id, e.name) for e in elected if e.body == Body.COMMISSION_SECRETARY}
    members = sorted(
        (e for e in elected if e.body == Body.COMMISSION),
        key=lambda e: ((e.member_id, e.name) not in heads, -e.votes, e.pk),
    )
    return [
        (
            Post.COMMISSION_SECRETARY if (e.member_id, e.name) in heads else Post.COMMISSION_MEMBER,
            e.member,
            e.name,
        )
        for e in members
    ]


def _matches(file: Any, sha256: str) -> bool:
    try:
        with file.open("rb") as handle:
            digest = hashlib.sha256()
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except (FileNotFoundError, OSError):
        return False
    finally:
        file.close()
    return digest.hexdigest() == sha256


def stored_hash_mismatches() -> tuple[int, list[str]]:
    """(files checked, names of those missing or differing from their stored SHA-256): every
    sealed archive (Renewal.archive_sha256) and every issued document (IssuedDocument.sha256)."""
    pairs = [
        (r.archive, r.archive_sha256)
        for r in Renewal.objects.exclude(archive="")
        .exclude(archive_sha256="")
        .only("archive", "archive_sha256")
    ]
    pairs += [(d.file, d.sha256) for d in IssuedDocument.objects.only("file", "sha256")]
    return len(pairs), [file.name for file, sha256 in pairs if not _matches(file, sha256)]
