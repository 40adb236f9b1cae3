"""Campaigns (集中换届): /campaigns/… (elections.views.campaign*)."""

from django.urls import path

from .views import campaign_ledger, campaign_stats

app_name = "campaigns"
urlpatterns = [
    path("<int:pk>/ledger.xlsx", campaign_ledger.campaign_ledger, name="ledger"),
    path("<int:pk>/statistics/", campaign_stats.campaign_stats, name="statistics"),
]
