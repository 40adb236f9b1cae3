"""Reads for the archive phase: the handover items, the posts of the new term, and the check of
stored files against the hashes taken when they were issued or sealed."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext_lazy

from branches.models import Post
from elections.models import Body, IssuedDocument, Renewal

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
