"""Background imports run in a child process with a memory and a time limit (issue: decompression
bombs took a worker to 4.2 GB and 4 minutes of CPU). The archive check is switched off here, as for
a bomb it does not recognise, so the limits of the process are what stops it."""

from __future__ import annotations

import signal
import subprocess
from datetime import date

import pytest
from django.core.files.base import ContentFile

from members import jobs
from members.idcard import make_id_number
from members.models import ImportJob, ImportStatus, Member
from tests.conftest import xlsx_bytes

from .hostile_xlsx import HEADER, shared_strings_bomb

pytestmark = pytest.mark.django_db(transaction=True)  # the child reads what the test wrote


@pytest.fixture
def no_archive_check(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 10**10
    settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 10**10
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10**9
    settings.MEMBER_IMPORT_MAX_ROWS = 10**8


def job_for(tree, content: bytes, *, dry_run: bool = False) -> ImportJob:
    job = ImportJob(organisation=tree["b1"], original_name="x.xlsx", dry_run=dry_run)
    job.file.save("x.xlsx", ContentFile(content), save=False)
    job.save()
    return job


def member_row(number: str) -> list:
    values = {
        "支部代码": "B1",
        "姓名": "赵六",
        "性别": "男",
        "身份证号": number,
        "入党日期": "2010-07-01",
        "转正日期": "2011-07-01",
        "党员类别": "正式党员",
    }
    return [values.get(h) for h in HEADER]


def test_the_child_process_imports_into_the_same_database(tree):
    number = make_id_number("110105", date(1985, 3, 4), 11)
    job = jobs.import_job_run_limited(job_for(tree, xlsx_bytes([member_row(number)], HEADER)).pk)
    assert job.status == ImportStatus.DONE, job.message
    assert Member.objects.get(id_number=number).branch == tree["b1"]


def test_a_bomb_over_the_memory_limit_fails_the_job_and_saves_nothing(
    tree, settings, no_archive_check
):
    settings.IMPORT_MEMORY_LIMIT_MB = 350
    # One shared string of 300 MB: openpyxl reads it whole, past the child's 350 MB (Django
    # and openpyxl take 200 MB of address space before the file is opened).
    job = job_for(tree, shared_strings_bomb(300 * 1024 * 1024))
    job = jobs.import_job_run_limited(job.pk)
    assert job.status == ImportStatus.FAILED
    assert job.message == jobs.OVER_MEMORY
    assert Member.objects.count() == 3


def test_a_file_over_the_time_limit_fails_the_job_and_saves_nothing(
    tree, settings, no_archive_check
):
    """Stopped part-way through: nothing of what it had read or written is kept."""
    settings.IMPORT_TIME_LIMIT_SECONDS = 1
    rows = [
        member_row(make_id_number(f"{110105 + n // 1000}", date(1980, 1, 1 + n % 28), n))
        for n in range(8000)
    ]  # valid rows (a duplicate would reject the sheet as soon as it is checked)
    job = job_for(tree, xlsx_bytes(rows, HEADER))  # seconds to check and save
    job = jobs.import_job_run_limited(job.pk)
    assert job.status == ImportStatus.FAILED
    assert "超过 1 秒的上限" in job.message
    assert Member.objects.count() == 3


@pytest.mark.parametrize(
    ("returncode", "expected"),
    [
        (-signal.SIGXCPU, "处理时间超过 120 秒的上限"),
        (-signal.SIGKILL, "内存超过上限"),
        (1, "系统错误"),
    ],
    ids=["cpu-limit", "killed", "crashed"],
)
def test_a_child_that_dies_leaves_a_failed_job(tree, settings, monkeypatch, returncode, expected):
    settings.IMPORT_TIME_LIMIT_SECONDS = 120
    job = job_for(tree, xlsx_bytes([], HEADER))

    def died(command, **kw):
        return subprocess.CompletedProcess(command, returncode)

    monkeypatch.setattr(jobs.subprocess, "run", died)
    job = jobs.import_job_run_limited(job.pk)
    assert job.status == ImportStatus.FAILED
    assert expected in job.message
    assert job.finished_at is not None


def test_a_finished_job_is_left_as_the_child_saved_it(tree, monkeypatch):
    job = job_for(tree, xlsx_bytes([], HEADER))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, message="导入完成")

    def finished(command, **kw):
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(jobs.subprocess, "run", finished)
    assert jobs.import_job_run_limited(job.pk).message == "导入完成"
