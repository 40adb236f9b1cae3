"""The campaign a renewal belongs to, for the renewal page's campaign card."""

from __future__ import annotations

from django import template
from django.utils import timezone

from elections.models import Renewal
from elections.selectors.campaign import RenewalCampaign, renewal_campaign

register = template.Library()


@register.simple_tag
def campaign_of(renewal: Renewal) -> RenewalCampaign | None:
    """The campaign that launched or tracks the renewal, with its timetable; None if none."""
    return renewal_campaign(renewal, today=timezone.localdate())
