"""The campaign board (/campaigns/<id>/) and the risk note of one of its branches."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import Action
from branches.views import paginate
from config.routers import reads_from_replica
from elections.forms.campaign_board import CampaignBoardFilterForm
from elections.forms.campaign_risk import CampaignRiskForm
from elections.selectors.access import can_run_campaigns, get_campaign_for
from elections.selectors.campaign_board import (
    board_for,
    board_level,
    get_campaign_entry_for,
    sub_committees,
)
from elections.services.campaign_risk import campaign_risk_set
from elections.views.common import attempt


@reads_from_replica
@login_required
def campaign_board(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for(request.user, pk)
    level = board_level(campaign, request.GET.get("under"))
    form = CampaignBoardFilterForm(request.GET or None, subs=sub_committees(campaign))
    board = board_for(campaign, level=level, query=form.query(), today=timezone.localdate())
    return render(
        request,
        "elections/campaign/board.html",
        {
            "campaign": campaign,
            "board": board,
            "form": form,
            "page": paginate(request, board.rows),
            "can_set_risk": can_run_campaigns(request.user, campaign.organisation),
        },
    )


@login_required
def campaign_risk(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    campaign, entry = get_campaign_entry_for(request.user, pk, entry_pk, action=Action.APPROVE)
    initial = {"level": entry.risk_level, "note": entry.risk_note}
    form = CampaignRiskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: campaign_risk_set(
                actor=request.user,
                entry=entry,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
            ),
            _("已保存 %(b)s 的风险研判。") % {"b": entry.branch.name},
            form=form,
        )
        if done:
            return redirect(f"{reverse('campaigns:board', args=[campaign.pk])}#entry-{entry.pk}")
    return render(
        request,
        "elections/campaign/board_risk.html",
        {"campaign": campaign, "entry": entry, "form": form},
    )
