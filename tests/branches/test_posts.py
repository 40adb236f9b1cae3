"""The posts a term records are the domain's posts (R3, and the commission's of issue 15)."""

from __future__ import annotations

from branches.models import Post as TermPost
from elections.domain import Post


def test_domain_posts_are_the_posts_a_term_records() -> None:
    """One list of posts: value for value and title for title."""
    assert [(p.value, p.label) for p in Post] == [(p.value, str(p.label)) for p in TermPost]
