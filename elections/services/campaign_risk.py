"""Risk notes (风险研判): the superior's judgement of how hard each branch's renewal will be."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from branches.official import official_text
from branches.services import audit
from elections.models import CampaignBranch, RiskLevel
from elections.selectors.access import can_run_campaigns

NOTE_MAX = 1000
#: The levels that need a note saying why (有一定风险, 风险较大).
NEEDS_NOTE = (RiskLevel.TWO, RiskLevel.THREE)


@transaction.atomic
def campaign_risk_set(
    *, actor: Any, entry: CampaignBranch, level: str, note: str
) -> CampaignBranch:
    """Set (or, with no level and no note, clear) the risk level and note of one included branch
    of a campaign; the campaign organisation's superior staff (APPROVE on it) decide."""
    entry = (
        CampaignBranch.objects.select_for_update()
        .select_related("campaign__organisation", "branch")
        .get(pk=entry.pk)
    )
    if not can_run_campaigns(actor, entry.campaign.organisation):
        raise PermissionDenied
    if not entry.included:
        raise ValidationError(_("该党组织未纳入本次换届，不能研判风险。"))
    note = note.strip()
    if level and level not in RiskLevel.values:
        raise ValidationError({"level": _("请选择风险等级。")})
    if not level and note:
        raise ValidationError({"level": _("填写了研判说明，请同时选择风险等级。")})
    if level in NEEDS_NOTE and not note:
        raise ValidationError({"note": _("二类、三类须写明研判说明。")})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("研判说明不能超过 %(n)s 字。") % {"n": NOTE_MAX}})
    before = {"risk_level": entry.risk_level, "risk_note": entry.risk_note}
    entry.risk_level, entry.risk_note = level, note
    changes = {
        name: [old, getattr(entry, name)]
        for name, old in before.items()
        if old != getattr(entry, name)
    }
    if not changes:
        return entry
    entry.save(update_fields=list(changes))
    audit(
        actor=actor,
        action="campaign_risk_set",
        organisation=entry.branch,
        target=entry,
        summary=official_text(
            gettext_lazy("%(c)s：%(b)s 风险研判为 %(l)s"),
            c=entry.campaign.title,
            b=entry.branch.name,
            l=RiskLevel(level).label if level else gettext_lazy("未研判"),
        ),
        changes=changes,
    )
    return entry
