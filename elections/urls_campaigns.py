"""Campaigns (集中换届): /campaigns/… (elections.views.campaign*)."""

from django.urls import path

from elections.views import campaign_board

app_name = "campaigns"
urlpatterns = [
    path("<int:pk>/", campaign_board.campaign_board, name="board"),
    path("<int:pk>/risk/<int:entry_pk>/", campaign_board.campaign_risk, name="risk"),
]
