"""The ledger (台账) of a campaign: /campaigns/<id>/ledger.xlsx.

GET: a campaign of at most CAMPAIGN_LEDGER_DIRECT_MAX branches downloads at once; a larger one
shows a page whose button (POST) has the job worker make it. POST: always an export job, whose
page (members' export pages) shows the progress and offers the file when ready.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from branches.responses import download
from elections.documents.campaign_ledger import LEDGER, ledger_file
from elections.selectors.access import get_campaign_for
from elections.selectors.campaign_ledger import included_count
from members.exports import export_start


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def campaign_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for(request.user, pk)
    if request.method == "POST":
        job = export_start(
            kind=LEDGER,
            actor=request.user,
            organisation=campaign.organisation,
            parameters={"campaign": campaign.pk},
        )
        return redirect(job)
    size = included_count(campaign)
    if size <= settings.CAMPAIGN_LEDGER_DIRECT_MAX:
        return download(*ledger_file(campaign))
    return render(
        request,
        "elections/campaign/ledger.html",
        {"campaign": campaign, "size": size, "direct_max": settings.CAMPAIGN_LEDGER_DIRECT_MAX},
    )
