from django.urls import path

from . import views, views_candidates, views_publicity, views_rules

app_name = "elections"
urlpatterns = [
    path("", views.renewal_list, name="renewal_list"),
    path("start/<int:branch_pk>/", views.renewal_start, name="renewal_start"),
    path("rules/<int:org_pk>/", views_rules.rule_profile_edit, name="rule_profile"),
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
    path("<int:pk>/notice/", views_publicity.notice_publish, name="notice_publish"),
    path(
        "<int:pk>/objections/<int:objection_pk>/resolve/",
        views_publicity.objection_resolve,
        name="objection_resolve",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/withdraw/",
        views_publicity.candidate_withdraw,
        name="candidate_withdraw",
    ),
    path(
        "<int:pk>/recommendation/",
        views_candidates.recommendation_save,
        name="recommendation_save",
    ),
    path("<int:pk>/nominees/", views_candidates.nominee_save, name="nominee_save"),
    path(
        "<int:pk>/nominees/propose/",
        views_candidates.list_apply_proposal,
        name="list_apply_proposal",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/remove/",
        views_candidates.nominee_remove,
        name="nominee_remove",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/list/",
        views_candidates.nominee_toggle,
        name="nominee_toggle",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/review/",
        views_candidates.nominee_review,
        name="nominee_review",
    ),
    path("<int:pk>/preview/<slug:kind>.pdf", views.document_preview, name="document_preview"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document_download"),
]
