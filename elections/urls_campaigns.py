"""Campaigns (集中换届): /campaigns/… (elections.views.campaign*)."""

from django.urls import path

from elections.views import (
    campaign,
    campaign_board,
    campaign_ledger,
    campaign_report,
    campaign_stats,
)

app_name = "campaigns"
urlpatterns = [
    path("", campaign.campaign_list, name="list"),
    path("new/", campaign.campaign_create, name="create"),
    path("<int:pk>/", campaign_board.campaign_board, name="board"),
    path("<int:pk>/edit/", campaign.campaign_edit, name="edit"),
    path("<int:pk>/scope/", campaign.campaign_scope, name="scope"),
    path("<int:pk>/launch/", campaign.campaign_launch, name="launch"),
    path("<int:pk>/launch/status/", campaign.campaign_launch_status, name="launch_status"),
    path("<int:pk>/risk/<int:entry_pk>/", campaign_board.campaign_risk, name="risk"),
    path("<int:pk>/ledger.xlsx", campaign_ledger.campaign_ledger, name="ledger"),
    path("<int:pk>/statistics/", campaign_stats.campaign_stats, name="statistics"),
    path("<int:pk>/report.pdf", campaign_report.campaign_report, name="report"),
]
