from django.urls import path

from .views import archive, meeting, prepare, publicise, recommend, renewal, rounds, rules, vet

app_name = "elections"
urlpatterns = [
    path("", renewal.renewal_list, name="renewal_list"),
    path("start/<int:branch_pk>/", renewal.renewal_start, name="renewal_start"),
    path("rules/<int:org_pk>/", rules.rule_profile_edit, name="rule_profile"),
    path("numbering/<int:org_pk>/", rules.document_settings_edit, name="document_settings"),
    path("<int:pk>/", renewal.renewal_detail, name="renewal_detail"),
    path("<int:pk>/plan/", prepare.renewal_plan, name="renewal_plan"),
    path("<int:pk>/report/", prepare.work_report_download, name="work_report_download"),
    path("<int:pk>/exclusions/", prepare.exclusion_add, name="exclusion_add"),
    path(
        "<int:pk>/exclusions/<int:exclusion_pk>/decide/",
        prepare.exclusion_decide,
        name="exclusion_decide",
    ),
    path(
        "<int:pk>/exclusions/<int:exclusion_pk>/withdraw/",
        prepare.exclusion_withdraw,
        name="exclusion_withdraw",
    ),
    path("<int:pk>/do/<slug:name>/", renewal.renewal_transition, name="renewal_transition"),
    path("<int:pk>/notice/", publicise.notice_publish, name="notice_publish"),
    path(
        "<int:pk>/objections/<int:objection_pk>/resolve/",
        publicise.objection_resolve,
        name="objection_resolve",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/withdraw/",
        publicise.candidate_withdraw,
        name="candidate_withdraw",
    ),
    path(
        "<int:pk>/recommendation/",
        recommend.recommendation_save,
        name="recommendation_save",
    ),
    path("<int:pk>/nominees/", recommend.nominee_save, name="nominee_save"),
    path(
        "<int:pk>/nominees/propose/",
        recommend.list_apply_proposal,
        name="list_apply_proposal",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/remove/",
        recommend.nominee_remove,
        name="nominee_remove",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/list/",
        recommend.nominee_toggle,
        name="nominee_toggle",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/review/",
        vet.nominee_review,
        name="nominee_review",
    ),
    path(
        "<int:pk>/nominees/<int:nominee_pk>/pledge/",
        vet.pledge_download,
        name="pledge_download",
    ),
    path("<int:pk>/meeting/notice/", meeting.meeting_notice, name="meeting_notice"),
    path("<int:pk>/meeting/candidates/", meeting.candidates_confirm, name="candidates_confirm"),
    path("<int:pk>/meeting/method/", meeting.method_adopt, name="method_adopt"),
    path("<int:pk>/meeting/reduce/", rounds.seats_reduce, name="seats_reduce"),
    path("<int:pk>/meeting/<slug:kind>/", meeting.meeting_day, name="meeting_day"),
    path("<int:pk>/meeting/<slug:kind>/edit/", meeting.meeting_update, name="meeting_update"),
    path("<int:pk>/meeting/<slug:kind>/staff/", meeting.meeting_staff, name="meeting_staff"),
    path(
        "<int:pk>/meeting/<slug:kind>/attendance/",
        meeting.attendance_set,
        name="attendance_set",
    ),
    path("<int:pk>/meeting/<slug:kind>/rounds/", rounds.round_open, name="round_open"),
    path("<int:pk>/rounds/<int:round_pk>/", rounds.round_detail, name="round_detail"),
    path(
        "<int:pk>/rounds/<int:round_pk>/returned/",
        rounds.round_returned,
        name="round_returned",
    ),
    path("<int:pk>/rounds/<int:round_pk>/ballots/", rounds.ballot_save, name="ballot_save"),
    path(
        "<int:pk>/rounds/<int:round_pk>/ballots/<int:ballot_pk>/delete/",
        rounds.ballot_delete,
        name="ballot_delete",
    ),
    path("<int:pk>/rounds/<int:round_pk>/totals/", rounds.totals_save, name="totals_save"),
    path("<int:pk>/rounds/<int:round_pk>/close/", rounds.round_close, name="round_close"),
    path(
        "<int:pk>/rounds/<int:round_pk>/ballots.pdf",
        rounds.round_ballots,
        name="round_ballots",
    ),
    path("<int:pk>/ballots.pdf", meeting.first_ballots, name="first_ballots"),
    path("<int:pk>/attendance.pdf", meeting.attendance_register, name="attendance_register"),
    path("<int:pk>/count.xlsx", rounds.count_export, name="count_export"),
    path("<int:pk>/duties/", rounds.duties_set, name="duties_set"),
    path("<int:pk>/archive/", archive.archive_save, name="archive_save"),
    path("<int:pk>/archive.zip", archive.archive_download, name="archive_download"),
    path("<int:pk>/preview/<slug:kind>.pdf", renewal.document_preview, name="document_preview"),
    path("<int:pk>/documents/<int:doc_pk>/", renewal.document_download, name="document_download"),
]
