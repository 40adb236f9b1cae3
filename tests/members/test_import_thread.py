"""Issue 12: the background import thread closes its own database connection when it ends."""

from __future__ import annotations

from unittest import mock

import pytest

from members import jobs


@pytest.mark.parametrize("fails", [False, True])
def test_import_thread_closes_its_connection(monkeypatch, fails):
    def run(job_id):
        if fails:
            raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "import_job_run_limited", run)
    with mock.patch("django.db.connection.close") as close:
        if fails:
            with pytest.raises(RuntimeError):
                jobs._run_in_thread(1)
        else:
            jobs._run_in_thread(1)
    close.assert_called_once_with()
