"""Campaigns (集中换届): /campaigns/… (elections.views.campaign*)."""

app_name = "campaigns"
urlpatterns: list = []
