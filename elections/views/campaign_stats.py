"""The statistics of a campaign's new committees against its targets: /campaigns/<id>/statistics/.

The tables are the page (it works without JavaScript and prints); the charts (ECharts, installed
from the npm registry by `make setup`, served from static/vendor/) draw the same figures.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from config.routers import reads_from_replica
from elections.selectors.access import can_run_campaigns, get_campaign_for
from elections.selectors.campaign_stats import Statistics, campaign_statistics


def sections(stats: Statistics) -> list[dict]:
    """One section per target: a row per level (its figure), and the chart's data (each level's
    share beside the campaign's target)."""
    made = []
    for index, figure in enumerate(stats.levels[0].figures):
        rows = [(level, level.figures[index]) for level in stats.levels]
        made.append(
            {
                "target": figure.target,
                "goal": figure.goal,
                "rows": rows,
                "chart_id": f"chart-{figure.target.code}",
                "data_id": f"chart-{figure.target.code}-data",
                "chart": {
                    "title": str(figure.target.label),
                    "levels": [level.name for level, _f in rows],
                    "actual": [float(f.percent) if f.percent else None for _l, f in rows],
                    "actual_label": _("实际占比"),
                    "goal": figure.goal,
                    "goal_label": _("目标"),
                },
            }
        )
    return made


@reads_from_replica
@never_cache
@login_required
def campaign_stats(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for(request.user, pk)
    stats = campaign_statistics(campaign)
    return render(
        request,
        "elections/campaign/statistics.html",
        {
            "campaign": campaign,
            "stats": stats,
            "sections": sections(stats),
            "can_change": can_run_campaigns(request.user, campaign.organisation),
        },
    )
