"""Benchmark: one renewal document (the 换届请示 PDF) once the app is warm.

Run with `make bench` (or `PYTHONPATH=. .venv/bin/python tests/bench/bench_documents.py`).
"""

from __future__ import annotations

import io
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench_import import setup_django

RUNS = 10


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.core.management import call_command

        from elections.documents import build_pdf
        from elections.models import DocumentKind, Renewal

        call_command("seed_demo", stdout=io.StringIO())
        renewal = Renewal.objects.get(branch__code="JG-01")
        build_pdf(renewal, DocumentKind.REQUEST)  # warm: fonts, templates
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            data = build_pdf(renewal, DocumentKind.REQUEST)
            times.append(time.perf_counter() - start)
            assert data.startswith(b"%PDF")
        figure = {"name": "request_pdf", "value": round(statistics.median(times), 4), "unit": "s"}
        print(json.dumps(figure))


if __name__ == "__main__":
    main()
