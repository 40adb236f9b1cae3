"""Issue 13, item 2, on PostgreSQL with a real worker process (`manage.py run_worker`): the
roster export asked for on the page runs on the worker, which writes its file to the shared
MEDIA_ROOT; the page reports it done and its creator downloads it, ID numbers masked as before."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from config import queue
from members.exports import run_export
from members.models import ExportJob, ExportStatus
from tests.conftest import make_member
from tests.exports_helpers import workbook_rows
from tests.jobs.worker import STALLED_AFTER, Workers, empty_queue, sql, wait_for

pytestmark = [
    pytest.mark.skipif(
        not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the job queue needs PostgreSQL (on SQLite jobs run in the web process)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def workers(settings, tmp_path):
    settings.JOBS_BACKEND = "queue"
    settings.JOBS_STALLED_AFTER_SECONDS = STALLED_AFTER
    empty_queue()
    group = Workers(tmp_path)
    yield group
    group.stop_all()
    empty_queue()


def test_a_roster_export_runs_on_the_worker(tree, users, workers, client):
    for i in range(30):
        make_member(tree["b1"], name=f"导出{i}")
    viewer = users["viewer"]
    client.force_login(viewer)
    response = client.post(reverse("members:member_export") + f"?org={tree['a'].pk}")
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    # No worker yet: the export waits in the queue and its page keeps waiting too.
    status = client.get(reverse("members:export_status", args=[job.pk])).json()
    assert (status["status"], status["finished"]) == ("pending", False)
    assert queue.job_state(run_export, job_id=job.pk) == queue.WAITING
    workers.start()

    def done() -> bool:
        job.refresh_from_db()
        return job.finished

    wait_for(done, timeout=120, what="the export")
    assert job.status == ExportStatus.DONE, job.message
    assert job.processed_rows == job.total_rows > 30
    status = client.get(reverse("members:export_status", args=[job.pk])).json()
    assert (status["finished"], status["percent"]) == (True, 100)
    download = client.get(reverse("members:export_download", args=[job.pk]))
    rows = workbook_rows(b"".join(download.streaming_content))
    assert len(rows) == job.total_rows + 1
    values = [cell for row in rows for cell in row]
    assert tree["m1"].masked_id_number in values
    assert tree["m1"].id_number not in values
    # Someone else gets nothing, even with the worker's file on the shared storage.
    client.force_login(users["staff"])
    assert client.get(reverse("members:export_download", args=[job.pk])).status_code == 404
    # A succeeded job is deleted from the queue.
    wait_for(
        lambda: not sql("SELECT 1 FROM procrastinate_jobs WHERE task_name = 'exports.run'"),
        timeout=30,
        what="the finished job to be deleted",
    )
