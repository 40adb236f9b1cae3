from django.urls import path

from . import views, views_candidates, views_publicity, views_rules, views_vote

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
    path("<int:pk>/meeting/notice/", views_vote.meeting_notice, name="meeting_notice"),
    path("<int:pk>/meeting/candidates/", views_vote.candidates_confirm, name="candidates_confirm"),
    path("<int:pk>/meeting/method/", views_vote.method_adopt, name="method_adopt"),
    path("<int:pk>/meeting/reduce/", views_vote.seats_reduce, name="seats_reduce"),
    path("<int:pk>/meeting/<slug:kind>/", views_vote.meeting_day, name="meeting_day"),
    path("<int:pk>/meeting/<slug:kind>/edit/", views_vote.meeting_update, name="meeting_update"),
    path("<int:pk>/meeting/<slug:kind>/staff/", views_vote.meeting_staff, name="meeting_staff"),
    path(
        "<int:pk>/meeting/<slug:kind>/attendance/",
        views_vote.attendance_set,
        name="attendance_set",
    ),
    path("<int:pk>/meeting/<slug:kind>/rounds/", views_vote.round_open, name="round_open"),
    path("<int:pk>/rounds/<int:round_pk>/", views_vote.round_detail, name="round_detail"),
    path(
        "<int:pk>/rounds/<int:round_pk>/returned/",
        views_vote.round_returned,
        name="round_returned",
    ),
    path("<int:pk>/rounds/<int:round_pk>/ballots/", views_vote.ballot_save, name="ballot_save"),
    path(
        "<int:pk>/rounds/<int:round_pk>/ballots/<int:ballot_pk>/delete/",
        views_vote.ballot_delete,
        name="ballot_delete",
    ),
    path("<int:pk>/rounds/<int:round_pk>/totals/", views_vote.totals_save, name="totals_save"),
    path("<int:pk>/rounds/<int:round_pk>/close/", views_vote.round_close, name="round_close"),
    path(
        "<int:pk>/rounds/<int:round_pk>/ballots.pdf",
        views_vote.round_ballots,
        name="round_ballots",
    ),
    path("<int:pk>/ballots.pdf", views_vote.first_ballots, name="first_ballots"),
    path("<int:pk>/attendance.pdf", views_vote.attendance_register, name="attendance_register"),
    path("<int:pk>/count.xlsx", views_vote.count_export, name="count_export"),
    path("<int:pk>/duties/", views_vote.duties_set, name="duties_set"),
    path("<int:pk>/archive/", views_vote.archive_save, name="archive_save"),
    path("<int:pk>/archive.zip", views_vote.archive_download, name="archive_download"),
    path("<int:pk>/preview/<slug:kind>.pdf", views.document_preview, name="document_preview"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document_download"),
]
