"""Benchmark: an import at the row cap (MEMBER_IMPORT_MAX_ROWS, 100,000 by default) run as a
background job, in the limited child
process, to check that IMPORT_MEMORY_LIMIT_MB and IMPORT_TIME_LIMIT_SECONDS leave room for it.

Run with `make bench`
(or `PYTHONPATH=.:tests/bench .venv/bin/python tests/bench/bench_import_limits.py`);
prints JSON lines: the job's wall time, the child's peak resident memory, and the limits.
Uses a throw-away SQLite database unless BENCH_DATABASE_URL is set.
"""

from __future__ import annotations

import json
import resource
import tempfile
import time
from pathlib import Path

from bench_import import bench_tree, build_sheet, setup_django


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.conf import settings
        from django.core.files.base import ContentFile

        from members.jobs import import_job_run_limited
        from members.models import ImportJob, ImportStatus

        settings.MEDIA_ROOT = tmp
        rows = settings.MEMBER_IMPORT_MAX_ROWS
        committee, codes = bench_tree()
        job = ImportJob(organisation=committee, original_name="bench.xlsx")
        job.file.save("bench.xlsx", ContentFile(build_sheet(codes, rows)), save=False)
        job.save()
        start = time.perf_counter()
        job = import_job_run_limited(job.pk)
        elapsed = time.perf_counter() - start
        assert job.status == ImportStatus.DONE, job.message
        assert job.created_count == rows
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        for name, value, unit in (
            (f"limited_import_{rows}_wall", round(elapsed, 2), "s"),
            (f"limited_import_{rows}_child_peak_rss", round(peak), "MB"),
            ("import_time_limit", settings.IMPORT_TIME_LIMIT_SECONDS, "s"),
            ("import_memory_limit", settings.IMPORT_MEMORY_LIMIT_MB, "MB"),
        ):
            print(json.dumps({"name": name, "value": value, "unit": unit}))


if __name__ == "__main__":
    main()
