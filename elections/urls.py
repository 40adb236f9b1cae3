from django.urls import path

from . import views

app_name = "elections"
urlpatterns = [
    path("", views.renewal_list, name="renewal_list"),
    path("start/<int:branch_pk>/", views.renewal_start, name="renewal_start"),
    path("<int:pk>/", views.renewal_detail, name="renewal_detail"),
    path("<int:pk>/plan/", views.renewal_plan, name="renewal_plan"),
    path("<int:pk>/exclusions/", views.exclusion_add, name="exclusion_add"),
    path(
        "<int:pk>/exclusions/<int:exclusion_pk>/decide/",
        views.exclusion_decide,
        name="exclusion_decide",
    ),
    path(
        "<int:pk>/exclusions/<int:exclusion_pk>/withdraw/",
        views.exclusion_withdraw,
        name="exclusion_withdraw",
    ),
    path("<int:pk>/do/<slug:name>/", views.renewal_transition, name="renewal_transition"),
    path("<int:pk>/preview/<slug:kind>.pdf", views.document_preview, name="document_preview"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document_download"),
]
