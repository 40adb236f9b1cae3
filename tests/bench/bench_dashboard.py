"""Benchmark: one load of the dashboard over 10,000 branches, beside a trivial Django view.

Run with `make bench` (or `PYTHONPATH=. .venv/bin/python tests/bench/bench_dashboard.py`);
prints JSON lines. Both pages go through the same client, middleware and session, so the
difference between the two figures is the dashboard's own work.
Uses a throw-away SQLite database unless BENCH_DATABASE_URL is set.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
import types
import warnings
from datetime import date, timedelta
from pathlib import Path

BRANCHES = 10_000
RENEWALS_EVERY = 25  # 400 renewals
RUNS = 15
TRIVIAL_URL = "/bench-trivial/"


def setup_django(tmp: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"
    )
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def bench_urlconf() -> types.ModuleType:
    """The project's URLs plus one minimal view, as a module Django can use as ROOT_URLCONF."""
    from django.http import HttpResponse
    from django.urls import path

    from config import urls

    def trivial(request):
        return HttpResponse("ok")

    module = types.ModuleType("bench_dashboard_urls")
    module.urlpatterns = [path(TRIVIAL_URL.strip("/") + "/", trivial), *urls.urlpatterns]
    sys.modules[module.__name__] = module
    return module


def build_tree():
    """A committee with 20 committees under it, 500 branches each, every branch with an open
    term (a tenth overdue, a tenth due within 90 days), members in some, and some renewals."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat
    from django.utils import timezone

    from branches.models import Organisation, OrganisationKind, Term
    from elections.models import Exclusion, Phase, Renewal
    from members.idcard import make_id_number
    from members.models import Member

    root = Organisation.objects.create(
        code="BENCH", name="基准党委", kind=OrganisationKind.COMMITTEE
    )
    committees = []
    for i in range(20):
        org = Organisation(code=f"C{i}", name=f"党委{i}", kind="committee", parent=root)
        org.save()
        committees.append(org)
    per = BRANCHES // len(committees)
    for c in committees:
        Organisation.objects.bulk_create(
            Organisation(
                code=f"{c.code}-{j}", name=f"{c.name}第{j}党支部", kind="branch",
                category="organ", parent=c, depth=c.depth + 1,
            )
            for j in range(per)
        )  # fmt: skip
        Organisation.objects.filter(parent=c, path="").update(
            path=Concat(Value(c.path), Cast("id", CharField()), Value("/"))
        )
    ids = list(
        Organisation.objects.filter(kind="branch").order_by("pk").values_list("pk", flat=True)
    )
    today = timezone.localdate()
    ends = [today - timedelta(days=30), today + timedelta(days=45)] + [
        today + timedelta(days=700)
    ] * 8
    Term.objects.bulk_create(
        Term(
            organisation_id=pk, number=1, start_date=ends[i % 10] - timedelta(days=3 * 365),
            planned_end=ends[i % 10],
        )
        for i, pk in enumerate(ids)
    )  # fmt: skip
    Member.objects.bulk_create(
        Member(
            name=f"党员{n}", gender="male",
            id_number=make_id_number("110105", date(1960, 1, 1) + timedelta(days=n // 1000), n),
            joined_on=date(2000, 1, 1), full_member_on=date(2001, 1, 1), status="full",
            branch_id=ids[n % len(ids)],
        )
        for n in range(20_000)
    )  # fmt: skip
    now = timezone.now()
    states = [
        {"phase": Phase.PREPARE, "awaiting_approval": True},
        {"phase": Phase.PREPARE, "return_reason": "请补充上届委员会工作报告"},
        {"phase": Phase.PREPARE},
        {"phase": Phase.RECOMMEND},
        {"phase": Phase.VET},
        {"phase": Phase.PUBLICISE},
        {"phase": Phase.VOTE},
        {"phase": Phase.ARCHIVE},
        {"phase": Phase.CANCELLED},
    ]
    renewals = Renewal.objects.bulk_create(
        Renewal(
            branch_id=pk, created_at=now - timedelta(days=i % 60),
            submitted_at=now - timedelta(hours=i), **states[i % len(states)],
        )
        for i, pk in enumerate(ids[::RENEWALS_EVERY])
    )  # fmt: skip
    preparing = {r.branch_id: r.pk for r in renewals if r.phase == Phase.PREPARE}
    first_member = dict(
        Member.objects.filter(branch_id__in=preparing)
        .order_by("-pk")
        .values_list("branch_id", "pk")
    )
    Exclusion.objects.bulk_create(
        Exclusion(renewal_id=preparing[b], member_id=m, reason="illness")
        for b, m in first_member.items()
    )
    return root, len(renewals)


def timed(client, url: str) -> list[float]:
    assert client.get(url, secure=True).status_code == 200  # warm up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return times


def main() -> None:
    # WhiteNoise warns that collectstatic has not run; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.test.utils import override_settings

        from branches.models import Role, RoleKind

        root, _renewals = build_tree()
        user = get_user_model().objects.create_user(username="bench", password="x" * 12)
        # Staff and approver at the root: every section of the page has rows.
        for role in (RoleKind.STAFF, RoleKind.APPROVER):
            Role.objects.create(user=user, organisation=root, role=role)
        storages = {
            **settings.STORAGES,
            # No collectstatic here: plain static URLs instead of the manifest.
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(ROOT_URLCONF=bench_urlconf().__name__, STORAGES=storages):
            client = Client()
            client.force_login(user)
            dashboard = timed(client, "/dashboard/")
            trivial = timed(client, TRIVIAL_URL)
        for name, values in (
            (f"dashboard_{BRANCHES}_branches", dashboard),
            ("trivial_view", trivial),
        ):
            print(
                json.dumps(
                    {"name": name, "value": round(statistics.median(values), 4), "unit": "s"}
                )
            )


if __name__ == "__main__":
    main()
