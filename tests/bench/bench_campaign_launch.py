"""Benchmark: launching a campaign of 200 branches as the launch job runs it (each renewal started
through renewal_open and committed with its audit event and its secretary's notice, the mail
deferred; elections.services.campaign_launch), from the click's request to the job's end.

Run with `make bench BENCH=campaign_launch` (or `PYTHONPATH=. .venv/bin/python
tests/bench/bench_campaign_launch.py`); prints JSON lines {"name", "value", "unit"}: the wall
time, the CPU time and the queries of the launch. Uses a throw-away SQLite database unless
BENCH_DATABASE_URL is set; the job runs inline, the mails go to the in-memory backend.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BRANCHES = 200
MEMBERS = 5  # full members a branch


def setup_django(tmp: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"
    )
    os.environ["DEBUG"] = "false"
    os.environ["JOBS_BACKEND"] = "inline"
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build():
    """A committee with BRANCHES branches, each with MEMBERS full members, an overdue term and a
    secretary with an address; its approver."""
    from django.contrib.auth import get_user_model
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from branches.models import Organisation, OrganisationKind, Role, RoleKind, Term
    from members.idcard import make_id_number
    from members.models import Member

    User = get_user_model()
    root = Organisation.objects.create(
        code="BENCH", name="基准党委", kind=OrganisationKind.COMMITTEE
    )
    root.save()
    Organisation.objects.bulk_create(
        Organisation(code=f"B{i}", name=f"支部{i}", kind="branch", category="organ", parent=root)
        for i in range(BRANCHES)
    )
    new = Organisation.objects.filter(path="")
    new.update(path=Concat(Value(root.path), Cast("id", CharField()), Value("/")), depth=1)
    ids = list(Organisation.objects.filter(parent=root).values_list("pk", flat=True))
    Term.objects.bulk_create(
        Term(
            organisation_id=pk, number=1, start_date=date(2021, 1, 1), planned_end=date(2024, 1, 1)
        )
        for pk in ids
    )
    Member.objects.bulk_create(
        Member(
            name=f"成员{n}",
            gender="male",
            id_number=make_id_number("440305", date(1970, 1, 1) + timedelta(days=n), n),
            joined_on=date(2000, 1, 1),
            full_member_on=date(2001, 1, 1),
            status="full",
            branch_id=ids[n % len(ids)],
        )
        for n in range(len(ids) * MEMBERS)
    )
    secretaries = User.objects.bulk_create(
        User(username=f"sj{pk}", email=f"sj{pk}@example.org") for pk in ids
    )
    Role.objects.bulk_create(
        Role(user=u, organisation_id=pk, role=RoleKind.SECRETARY)
        for u, pk in zip(secretaries, ids, strict=True)
    )
    approver = User.objects.create(username="approver")
    Role.objects.create(user=approver, organisation=root, role=RoleKind.APPROVER)
    return root, approver


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.core import mail
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from elections.domain.timetable import spread_backwards
        from elections.models import CampaignLaunch
        from elections.services.campaign import campaign_create
        from elections.services.campaign_launch import campaign_launch_request

        mail.outbox = []
        root, approver = build()
        start = timezone.localdate()
        end = start + timedelta(days=60)
        deadlines = spread_backwards(start=start, end=end).deadlines
        campaign = campaign_create(
            actor=approver,
            organisation=root,
            title="基准",
            starts_on=start,
            ends_on=end,
            deadlines={str(k): v for k, v in deadlines.items()},
        )
        began, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            # The inline queue runs the job when the request's transaction commits.
            launch = campaign_launch_request(actor=approver, campaign=campaign)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        launch = CampaignLaunch.objects.get(pk=launch.pk)
        assert (launch.status, launch.started) == ("done", BRANCHES), launch
        name = f"campaign_launch_{BRANCHES}_branches"
        for suffix, value, unit in (
            ("", seconds, "s"),
            ("_cpu", cpu, "s"),
            ("_queries", len(queries.captured_queries), "queries"),
            ("_mails", len(mail.outbox), "mails"),
        ):
            line = {"name": name + suffix, "value": round(value, 3), "unit": unit}
            print(json.dumps({**line, "database": connection.vendor}))


if __name__ == "__main__":
    main()
