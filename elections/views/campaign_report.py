"""The campaign report (/campaigns/<id>/report.pdf): the campaign summarised for the level above."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from branches.responses import download
from elections.documents.campaign_report import campaign_report_pdf
from elections.selectors.access import get_campaign_for


@login_required
def campaign_report(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for(request.user, pk)
    data = campaign_report_pdf(campaign)
    return download(data, f"{campaign.title}进展情况报告.pdf", inline=True)
