"""Reads for the archive phase: the handover items and the posts of the new term."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from branches.models import Post
from elections.models import Body, Renewal

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
