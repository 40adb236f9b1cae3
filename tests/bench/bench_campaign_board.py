"""Benchmark: the campaign board over 2,000 branches, beside a trivial Django view.

Run with `make bench BENCH=campaign_board` (or with all the benchmarks by `make bench`); prints
JSON lines, medians in seconds of RUNS loads each:
- campaign_board_2000_branches: the board as a user first sees it (rolled up by the five
  district committees under the campaign's organisation, totals per step over every branch);
- campaign_board_2000_branches_rows: the same board as branch rows (view=branches, page 1);
- trivial_view: a view that returns "ok", through the same client, middleware and session in the
  same process, so the difference is the board's own work; and the ratio of the two;
- the same three as CPU seconds of the process (``_cpu``), which neighbours do not inflate.
The branches' renewals stand in every phase (not launched with a problem, prepare … archive),
their phases entered 2 to 5 days apart from the campaign's start, some members' meetings sat.
Uses a throw-away SQLite database unless BENCH_DATABASE_URL is set.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path

from bench_dashboard import TRIVIAL_URL, bench_urlconf, setup_django

DISTRICTS = 5
PER_DISTRICT = 400
RUNS = 15


def timed(client, url: str) -> tuple[list[float], list[float]]:
    """Wall seconds and CPU seconds of the process for each of RUNS loads (the CPU figure is the
    one that neighbours on a shared machine do not inflate)."""
    assert client.get(url, secure=True).status_code == 200  # warm up
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, secure=True)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200
    return wall, cpu


def build():
    """市委 > five 区委 > 400 branches each, every branch in 市委's campaign; a staff user."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from branches.models import Organisation, OrganisationKind, Role, RoleKind
    from tests.campaign_helpers import bulk_campaign, make_campaign, sub_committee

    city = Organisation.objects.create(code="CITY", name="市委", kind=OrganisationKind.COMMITTEE)
    districts = [sub_committee(city, f"D{i}", f"第{i}区委") for i in range(DISTRICTS)]
    today = timezone.localdate()
    campaign = make_campaign(city, start=today - timedelta(days=25), end=today + timedelta(days=35))
    made = bulk_campaign(campaign, districts, per_parent=PER_DISTRICT)
    user = get_user_model().objects.create_user(username="bench", password="x" * 12)
    Role.objects.create(user=user, organisation=city, role=RoleKind.STAFF)
    return campaign, user, made


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    # One line a request would bury the figures.
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.conf import settings
        from django.test import Client
        from django.test.utils import override_settings

        campaign, user, made = build()
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        board_url = campaign.get_absolute_url()
        with override_settings(ROOT_URLCONF=bench_urlconf().__name__, STORAGES=storages):
            client = Client()
            client.force_login(user)
            board = timed(client, board_url)
            rows = timed(client, f"{board_url}?view=branches")
            trivial = timed(client, TRIVIAL_URL)
        name = f"campaign_board_{made}_branches"
        median = statistics.median
        figures = [
            (name, median(board[0]), "s"),
            (f"{name}_rows", median(rows[0]), "s"),
            ("trivial_view", median(trivial[0]), "s"),
            (f"{name}_vs_trivial", median(board[0]) / median(trivial[0]), "x"),
            (f"{name}_cpu", median(board[1]), "s"),
            (f"{name}_rows_cpu", median(rows[1]), "s"),
            ("trivial_view_cpu", median(trivial[1]), "s"),
        ]
        for label, value, unit in figures:
            print(json.dumps({"name": label, "value": round(value, 4), "unit": unit}))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
