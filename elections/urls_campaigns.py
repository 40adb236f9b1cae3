"""Campaigns (集中换届): /campaigns/… (elections.views.campaign*)."""

from django.urls import path

from .views import campaign_report

app_name = "campaigns"
urlpatterns = [
    path("<int:pk>/report.pdf", campaign_report.campaign_report, name="report"),
]
