from datetime import date, timedelta

from django import template

from branches.models import renewal_status

register = template.Library()


@register.filter
def due_status(end: date | None) -> str:
    return renewal_status(end)


@register.inclusion_tag("partials/due.html")
def due(end: date | None, shift: str | None = "") -> dict:
    """The date a renewal is due and its status; `shift` ("delay" or "early") says that date was
    moved by an approved delay or early renewal."""
    return {"end": end, "status": renewal_status(end), "shift": shift or ""}


@register.filter
def minutes(value: timedelta | None) -> int:
    return int(value.total_seconds() // 60) if value else 0
