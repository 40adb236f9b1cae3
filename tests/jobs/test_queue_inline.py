"""Issue 13, item 2: jobs without the queue (SQLite, `make run`, tests): config.queue runs them
after the commit, in the caller ("inline") or in a thread of the web process ("thread")."""

from __future__ import annotations

import logging
import threading
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from branches.access import Action
from branches.tasks import MAIL_ATTEMPTS, send_one_mail
from config import queue
from elections.services.notifications import mail_people, notify_next, people_who_can
from members import jobs
from members.models import ImportStatus, Member
from tests.jobs.rows import import_job

pytestmark = pytest.mark.django_db


def _with_mail(users):
    for name in ("secretary", "staff"):
        users[name].email = f"{name}@example.org"
        users[name].save()


def test_mail_is_sent_after_the_commit_one_job_per_recipient_with_an_absolute_link(
    tree, users, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "https://huanjie.example.org"
    _with_mail(users)

    class Renewal:
        branch = tree["b1"]

        def __str__(self):
            return "第一党支部换届"

        def get_absolute_url(self):
            return "/renewals/7/"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_next(Renewal(), "候选人初步人选待审查", Action.WORK)
    assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["secretary@example.org", "staff@example.org"]
    for message in mail.outbox:
        assert message.subject == "[换届] 候选人初步人选待审查"
        assert "https://huanjie.example.org/renewals/7/" in message.body


def test_no_mail_for_a_change_that_rolled_back(users, tree, django_capture_on_commit_callbacks):
    _with_mail(users)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mail_people(people_who_can(Action.WORK, tree["b1"]), "标题", "正文")
        transaction.set_rollback(True)
    assert mail.outbox == []


def test_a_failing_job_is_logged_not_raised(
    users, tree, caplog, django_capture_on_commit_callbacks
):
    _with_mail(users)
    with (
        mock.patch("branches.tasks.send_mail", side_effect=OSError("smtp down")),
        caplog.at_level(logging.ERROR, logger="config.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert mail_people([users["secretary"]], "标题", "正文") == 1
    assert "job mail.send failed" in caplog.text


def test_mail_jobs_retry_with_exponential_backoff_and_smtp_has_a_timeout(settings):
    strategy = send_one_mail.retry_strategy

    def wait_after(attempts: int) -> float | None:
        before = timezone.now()
        decision = strategy.get_retry_decision(
            exception=OSError(), job=SimpleNamespace(attempts=attempts)
        )
        return None if decision is None else round((decision.retry_at - before).total_seconds())

    assert [wait_after(n) for n in range(MAIL_ATTEMPTS)] == [4, 16, 64, 256, 1024, None]
    settings.EMAIL_TIMEOUT = 7
    smtp = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert smtp.timeout == 7


def test_the_thread_backend_runs_an_import_in_a_limited_child_and_closes_its_connection(
    transactional_db, tree, users, settings
):
    """`make run` on SQLite: the upload returns at once, the import runs in a thread of the web
    process (in the resource-limited child process) and its page polls for progress."""
    settings.JOBS_BACKEND = "thread"
    settings.MEMBER_IMPORT_IN_BACKGROUND = True
    job = import_job(tree, users["staff"], 1)
    before = set(threading.enumerate())
    jobs.import_job_start(job)
    (thread,) = set(threading.enumerate()) - before
    thread.join(timeout=120)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert Member.objects.filter(branch=tree["b1"], name="导入甲").exists()


@pytest.mark.parametrize("fails", [False, True])
def test_a_job_thread_closes_its_connection(fails):
    """A thread's connection is its own: nothing else closes it (request_finished only runs for
    requests), and a leaked one holds a database slot until the server times it out."""

    def run():
        if fails:
            raise RuntimeError("boom")

    with mock.patch("django.db.connection.close") as close:
        if fails:
            with pytest.raises(RuntimeError):
                queue._in_thread(run)
        else:
            queue._in_thread(run)
    close.assert_called_once_with()


def test_run_now_reports_failure(caplog):
    class Failing:
        name = "test.failing"

        @staticmethod
        def func(**kwargs):
            raise RuntimeError(kwargs)

    assert queue.run_now(Failing, {"x": 1}) is False
    assert "job test.failing failed" in caplog.text
