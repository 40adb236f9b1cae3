"""Benchmark: 1,000 ballots (7 candidates, 5 seats, write-ins allowed) as one PDF, warm.

Run with `make bench`
(or `PYTHONPATH=.:tests/bench .venv/bin/python tests/bench/bench_ballot_pdf.py`).
Prints one JSON line for the median time and one for the file size. No database is used.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

COPIES = 1000
RUNS = 7


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def main() -> None:
    setup_django()
    from elections.documents.ballots import BallotSheet, ballot_pdf, default_instructions

    sheet = BallotSheet(
        title="中共市财政局机关第一支部委员会委员选举选票",
        branch="中共市财政局机关第一支部",
        heading_note="第一轮选举",
        seats=5,
        candidates=("丁海燕", "于建国", "王立新", "方晓梅", "李明", "张卫东", "欧阳秀兰"),
        allow_write_ins=True,
        instructions=default_instructions(5, allow_write_ins=True),
        meeting_date="2025年6月18日",
    )
    ballot_pdf(sheet, COPIES)  # warm: fonts, templates, WeasyPrint and pikepdf imports
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        data = ballot_pdf(sheet, COPIES)
        times.append(time.perf_counter() - start)
        assert data.startswith(b"%PDF")
    median = round(statistics.median(times), 4)
    print(json.dumps({"name": "ballot_pdf_1000", "value": median, "unit": "s"}))
    print(json.dumps({"name": "ballot_pdf_1000_size", "value": len(data), "unit": "B"}))


if __name__ == "__main__":
    main()
