"""`{{ elected|body_name:renewal.branch.kind }}`: what a round elected, named for the renewing
organisation (a general branch's committee is 总支部委员会委员, not 支部委员会委员)."""

from __future__ import annotations

from typing import Any

from django import template

from elections.models import body_label

register = template.Library()


@register.filter
def body_name(row: Any, organisation_kind: str) -> str:
    return body_label(row.body, organisation_kind)
