from datetime import date

from django import template

from branches.models import renewal_status

register = template.Library()


@register.filter
def due_status(end: date | None) -> str:
    return renewal_status(end)


@register.inclusion_tag("partials/due.html")
def due(end: date | None) -> dict:
    return {"end": end, "status": renewal_status(end)}
