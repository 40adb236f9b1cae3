from django.urls import path

from . import views

app_name = "branches"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/pick/<slug:picker>/", views.organisation_pick, name="organisation_pick"),
    path(
        "organisations/pick-member/<slug:picker>/<int:pk>/",
        views.member_pick,
        name="member_pick",
    ),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/move/", views.organisation_move, name="organisation_move"),
    path("organisations/<int:pk>/terms/new/", views.term_create, name="term_create"),
    path(
        "organisations/<int:parent_pk>/new/", views.organisation_create, name="organisation_create"
    ),
]
