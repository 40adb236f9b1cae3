"""Issue 13, item 2: roster exports run as jobs (inline here, on SQLite): the file, ID masking
exactly as the roster's, user values as text, progress, failure, the creator-only download, the
list of one's exports, and the purge of old files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from branches.access import can_see_full_id
from branches.models import Role
from members import exports
from members.exports import ExportKind, export_job_run, export_start, purge_export_files
from members.models import ExportJob, ExportStatus, Member
from members.roster import NO_ACCESS, ROSTER, build_roster, filtered_members
from members.spreadsheets import roster_export
from members.tasks import purge_old_import_files
from tests.conftest import count_queries, make_member
from tests.exports_helpers import exported_rows, start_export, workbook_rows
from tests.spreadsheet_checks import formula_cells

pytestmark = pytest.mark.django_db


def _download(client, job):
    return client.get(reverse("members:export_download", args=[job.pk]))


@pytest.mark.parametrize("role", ["staff", "viewer", "secretary", "admin"])
def test_the_export_is_the_roster_the_user_may_see_masked_as_before(client, users, tree, role):
    """The job's file holds the rows the request-time export built: same members, same order,
    ID numbers in full only where the creator manages the branch."""
    user = users[role]
    client.force_login(user)
    job = start_export(client)
    assert job.status == ExportStatus.DONE
    assert job.created_by == user
    assert job.organisation is None
    assert job.parameters == {}
    assert job.file_name == f"党员名册-all-{timezone.localdate():%Y%m%d}.xlsx"
    _form, _scope, qs = filtered_members(user, {})
    expected = roster_export(qs, show_id=lambda m: can_see_full_id(user, m))
    rows = workbook_rows(b"".join(_download(client, job).streaming_content))
    assert rows == workbook_rows(expected)
    values = [cell for row in rows for cell in row]
    m1 = tree["m1"]
    if role in ("staff", "admin"):
        assert m1.id_number in values
    else:
        assert m1.masked_id_number in values
        assert m1.id_number not in values
    assert job.total_rows == job.processed_rows == qs.count() == len(rows) - 1


def test_the_filters_are_kept_with_the_export(client, users, tree):
    client.force_login(users["staff"])
    job = start_export(client, {"org": tree["b1"].pk, "q": "张三", "page": "3", "status": ""})
    assert job.parameters == {"org": str(tree["b1"].pk), "q": "张三"}
    assert job.organisation == tree["b1"]
    assert job.file_name.startswith("党员名册-B1-")
    rows = workbook_rows(job.file.open("rb").read())
    assert [row[1] for row in rows[1:]] == ["张三"]


def test_user_values_stay_text(client, users, tree):
    for name in ['=HYPERLINK("http://evil.example/","点击")', "+1", "@SUM(A1)"]:
        make_member(tree["b1"], name=name, phone="=1+1")
    client.force_login(users["staff"])
    job = start_export(client, {"org": tree["b1"].pk})
    data = job.file.open("rb").read()
    assert formula_cells(data) == []
    assert "+1" in [row[1] for row in workbook_rows(data)]


def test_the_old_address_sends_a_get_back_to_the_list(client, users, tree):
    client.force_login(users["viewer"])
    response = client.get(reverse("members:member_export"), {"q": "张", "org": tree["a"].pk})
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("members:member_list") + f"?q=%E5%BC%A0&org={tree['a'].pk}"
    )
    assert not ExportJob.objects.exists()
    # An organisation out of sight is a 404, as on the list, and nothing is recorded.
    client.force_login(users["secretary"])
    assert client.post(reverse("members:member_export") + f"?org={tree['a'].pk}").status_code == 404
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("other", ["secretary", "viewer", "outsider", "admin", "norole"])
def test_only_the_creator_gets_the_export(client, users, tree, other):
    client.force_login(users["staff"])
    job = start_export(client, {"org": tree["b1"].pk})
    assert _download(client, job).status_code == 200
    client.force_login(users[other])
    for name in ("export_detail", "export_status", "export_download"):
        assert client.get(reverse(f"members:{name}", args=[job.pk])).status_code == 404, name
    assert job.get_absolute_url() not in client.get(reverse("members:export_list")).content.decode()


def test_a_creator_who_lost_access_no_longer_gets_the_file(client, users, tree):
    staff = users["staff"]
    client.force_login(staff)
    scoped = start_export(client, {"org": tree["b1"].pk})
    whole = start_export(client)
    Role.objects.filter(user=staff).delete()
    client.force_login(staff)  # a new request, roles read afresh
    for job in (scoped, whole):
        assert _download(client, job).status_code == 404
        assert client.get(job.get_absolute_url()).status_code == 404


def test_the_job_checks_access_again_when_it_runs(
    client, users, tree, django_capture_on_commit_callbacks
):
    staff = users["staff"]
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("members:member_export") + f"?org={tree['b1'].pk}")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.PENDING
    status = client.get(reverse("members:export_status", args=[job.pk])).json()
    assert status == {
        "status": "pending",
        "status_label": "等待处理",
        "finished": False,
        "processed": 0,
        "total": 0,
        "percent": 0,
        "message": "",
    }
    Role.objects.filter(user=staff).delete()
    staff.__dict__.pop("_huanjie_roles", None)
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.message, bool(job.file)) == (ExportStatus.FAILED, NO_ACCESS, False)


def test_progress_is_saved_while_rows_are_written(users, tree, monkeypatch):
    for i in range(5):
        make_member(tree["b1"], name=f"进度{i}")
    total = Member.objects.filter(branch__path__startswith=tree["b1"].path).count()
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    seen = []

    def watched(job, progress):
        def report(done, count):
            progress(done, count)
            saved = ExportJob.objects.get(pk=job.pk)
            seen.append((saved.status, saved.processed_rows, saved.total_rows, saved.percent))

        return build_roster(job, report)

    monkeypatch.setitem(exports.KINDS, ROSTER, ExportKind("党员名册", watched))
    job = ExportJob.objects.create(
        kind=ROSTER, created_by=users["staff"], parameters={"org": str(tree["b1"].pk)}
    )
    job = export_job_run(job.pk)
    steps = [0, *range(2, total + 1, 2), total]
    assert seen == [("running", n, total, int(100 * n / total)) for n in steps]
    assert (job.status, job.percent, job.processed_rows) == (ExportStatus.DONE, 100, total)


def test_an_error_marks_the_export_failed_in_chinese(client, users, tree, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("members.roster.write_roster", broken)
    client.force_login(users["staff"])
    job = start_export(client)
    assert job.status == ExportStatus.FAILED
    assert job.message == exports.SYSTEM_ERROR
    assert not job.file
    assert job.finished_at is not None
    assert "disk full" in caplog.text
    status = client.get(reverse("members:export_status", args=[job.pk])).json()
    assert (status["finished"], status["percent"], status["message"]) == (True, 100, job.message)
    page = client.get(job.get_absolute_url()).content.decode()
    assert exports.SYSTEM_ERROR in page
    assert reverse("members:export_download", args=[job.pk]) not in page
    assert _download(client, job).status_code == 404


def test_an_unknown_kind_fails(users):
    job = export_start(kind="nothing.here", actor=users["staff"], organisation=None, parameters={})
    job = export_job_run(job.pk)
    assert (job.status, job.message) == (ExportStatus.FAILED, exports.UNKNOWN_KIND)


def test_an_export_lost_with_its_thread_stops_waiting(client, users, settings):
    settings.JOBS_BACKEND = "thread"
    job = ExportJob.objects.create(kind=ROSTER, created_by=users["staff"])
    client.force_login(users["staff"])
    assert client.get(reverse("members:export_status", args=[job.pk])).json()["finished"] is False
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=31))
    status = client.get(reverse("members:export_status", args=[job.pk])).json()
    assert (status["status"], status["message"]) == ("failed", exports.INTERRUPTED)


def test_the_page_offers_the_file_when_done(client, users, tree):
    client.force_login(users["staff"])
    job = start_export(client)
    page = client.get(job.get_absolute_url()).content.decode()
    assert reverse("members:export_download", args=[job.pk]) in page
    assert job.file_name in page
    response = _download(client, job)
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


def _old_export(user, days_ago: int, status: str) -> ExportJob:
    job = ExportJob(kind=ROSTER, created_by=user, status=status, file_name="x.xlsx")
    job.file.save("x.xlsx", ContentFile(b"roster with ID numbers"), save=False)
    job.created_at = timezone.now() - timedelta(days=days_ago)
    job.save()
    return job


def test_export_files_are_purged_after_n_days(users, settings, client):
    staff = users["staff"]
    old = _old_export(staff, 8, ExportStatus.DONE)
    old_failed = _old_export(staff, 9, ExportStatus.FAILED)
    recent = _old_export(staff, 6, ExportStatus.DONE)
    running = _old_export(staff, 8, ExportStatus.RUNNING)
    paths = {job.pk: job.file.name for job in (old, old_failed, recent, running)}
    settings.EXPORT_FILES_KEEP_DAYS = 7
    purge_old_import_files(timestamp=0)  # the daily purge deletes old exports too
    for job in (old, old_failed, recent, running):
        job.refresh_from_db()
    assert not old.file
    assert not old_failed.file
    assert not default_storage.exists(paths[old.pk])
    assert recent.file
    assert running.file
    assert default_storage.exists(paths[recent.pk])
    assert purge_export_files(days=7) == 0
    client.force_login(staff)
    assert _download(client, old).status_code == 404
    assert "文件已过保存期限" in client.get(old.get_absolute_url()).content.decode()


def _list_queries(client) -> int:
    return count_queries(client, reverse("members:export_list"))


def test_my_exports_list_fixed_queries_and_pages(client, users, tree):
    staff = users["staff"]
    client.force_login(staff)
    ExportJob.objects.create(kind=ROSTER, created_by=staff, organisation=tree["b1"])
    few = _list_queries(client)
    for i in range(60):
        org = tree["b1"] if i % 2 else tree["a"]
        ExportJob.objects.create(kind=ROSTER, created_by=staff, organisation=org)
    ExportJob.objects.create(kind=ROSTER, created_by=users["viewer"], organisation=tree["a"])
    assert _list_queries(client) == few
    page = client.get(reverse("members:export_list")).content.decode()
    assert page.count("党员名册") >= 50
    second = client.get(reverse("members:export_list"), {"page": 2}).context["page"]
    assert len(second.object_list) == 11
    assert all(job.created_by_id == staff.pk for job in second.object_list)


def test_the_rows_follow_the_list_order(client, users, tree):
    client.force_login(users["staff"])
    names = [row[1] for row in exported_rows(client, {"order": "strokes"})[1:]]
    _form, _scope, qs = filtered_members(users["staff"], {"order": "strokes"})
    assert names == [m.name for m in qs]


def test_an_export_cut_off_runs_again_and_a_finished_one_does_not(users, tree):
    """A worker killed mid-export leaves it running; the retried job builds the file afresh (an
    export writes nothing else). A finished export is left alone."""
    job = ExportJob.objects.create(
        kind=ROSTER, created_by=users["staff"], status=ExportStatus.RUNNING, processed_rows=3
    )
    exports.run_export.func(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert (
        job.processed_rows == job.total_rows == len(workbook_rows(job.file.open("rb").read())) - 1
    )
    finished_at, name = job.finished_at, job.file.name
    exports.run_export.func(job_id=job.pk)
    job.refresh_from_db()
    assert (job.finished_at, job.file.name) == (finished_at, name)
