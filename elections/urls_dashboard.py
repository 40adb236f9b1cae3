from django.urls import path

from .views import dashboard

app_name = "elections_dashboard"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
