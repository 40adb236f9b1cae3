"""A province-sized synthetic installation for measuring (issue 16): `manage.py seed_scale`.

Province → cities → counties → units (town and organ committees, general branches) → branches,
members with the real mix of statuses and rights, an open term for every organisation (some
overdue, some due soon), renewals in every phase and one county's campaign. Organisations,
terms, members and their search keys are written with COPY on PostgreSQL (a multi-row INSERT on
SQLite); the handful of accounts and the campaign go through the models and services.
Deterministic (one seed) and idempotent: a second run finds the root and does nothing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from branches import cached
from branches.bulk import copy_rows, reset_sequence
from branches.figures import refresh_member_counts, refresh_renewal_due
from branches.models import Organisation, Role, RoleKind
from elections.domain.timetable import spread_backwards
from elections.models import CampaignBranch, Meeting, MeetingKind, Phase, Renewal
from elections.models.renewal import ruleset_to_json
from elections.selectors.rules import rules_for
from elections.services.campaign import campaign_create
from members.synthetic import write_members

ROOT_CODE = "SCALE"
PASSWORD = "scale-pass-2026"  # noqa: S105 - printed logins of a throw-away database
#: The accounts a load test logs in as: (username, role, which organisation).
ACCOUNTS = (
    ("scale_province", RoleKind.STAFF, "root"),
    ("scale_city", RoleKind.STAFF, "city"),
    ("scale_county", RoleKind.STAFF, "county"),
    ("scale_approver", RoleKind.APPROVER, "county"),
    ("scale_secretary", RoleKind.SECRETARY, "branch"),
)
BRANCHES_PER_UNIT = 24
UNITS_PER_COUNTY = 28
COUNTIES_PER_CITY = 10

CATEGORIES = ("organ", "institution", "enterprise", "school", "village", "community", "social")


@dataclass
class Plan:
    """How many of each level `organisations` makes (the branches take what is left)."""

    organisations: int
    cities: int = 0
    counties: int = 0
    units: int = 0
    branches: int = 0

    def __post_init__(self) -> None:
        units = max(1, round(self.organisations / (BRANCHES_PER_UNIT + 1)))
        self.counties = max(1, round(units / UNITS_PER_COUNTY))
        self.cities = max(1, round(self.counties / COUNTIES_PER_CITY))
        self.units = units
        self.branches = self.organisations - 1 - self.cities - self.counties - self.units
        if self.branches < 1:
            raise ValueError("组织数太少，至少需要一个省、市、县、乡镇和一个支部。")


@dataclass
class Seeded:
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def seed_scale(
    *,
    organisations: int,
    members: int,
    renewals: int,
    log: Callable[[str], None] = print,
    seed: int = 2026,
) -> Seeded | None:
    """Build the installation in one transaction; None when it is there already."""
    if Organisation.objects.filter(code=ROOT_CODE).exists():
        return None
    plan = Plan(organisations)
    rng = random.Random(seed)
    done = Seeded()

    def step(name: str, work: Callable[[], int]) -> None:
        start = time.perf_counter()
        done.counts[name] = work()
        done.timings[name] = time.perf_counter() - start
        log(f"{name}: {done.counts[name]:,} 行，用时 {done.timings[name]:.1f} 秒")

    with transaction.atomic():
        tree = _Tree(plan, rng)
        step("organisations", tree.write)
        step("terms", lambda: _write_terms(tree, rng))
        step("renewal_due", refresh_renewal_due)
        step("members", lambda: write_members(tree.branch_ids, members, rng))
        step("member_counts", refresh_member_counts)
        step("renewals", lambda: _write_renewals(tree.branch_ids, renewals, rng))
        step("accounts", lambda: _write_accounts(tree))
        step("campaign", lambda: _write_campaign(tree))
    step("analyze", _analyze)
    return done


class _Tree:
    """The organisations with ids taken ahead (a path needs its own id)."""

    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan, self.rng = plan, rng
        self.rows: list[tuple] = []
        self.next_id = (
            Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self.branch_ids: list[int] = []
        self.picks: dict[str, int] = {}

    def add(
        self, kind: str, code: str, name: str, parent: tuple | None, category: str = ""
    ) -> tuple:
        pk = self.next_id
        self.next_id += 1
        path = f"{parent[6] if parent else '/'}{pk}/"
        row = (
            pk,
            kind,
            code,
            name,
            parent[0] if parent else None,
            category,
            path,
            path.count("/") - 2,
        )
        self.rows.append(row)
        if kind == "branch":
            self.branch_ids.append(pk)
        return row

    def write(self) -> int:
        plan, rng = self.plan, self.rng
        root = self.add("committee", ROOT_CODE, "中共某省委组织部（测试）", None)
        cities = [
            self.add("committee", f"S{c:02d}", f"第{c + 1}市委", root) for c in range(plan.cities)
        ]
        counties = [
            self.add("committee", f"S-{k:03d}", f"第{k + 1}县委", cities[k % len(cities)])
            for k in range(plan.counties)
        ]
        units = []
        for u in range(plan.units):
            county = counties[u % len(counties)]
            kind = "general_branch" if u % 4 == 3 else "committee"
            label = "党总支" if kind == "general_branch" else "镇党委"
            units.append(self.add(kind, f"{county[2]}-{u:05d}", f"第{u + 1}{label}", county))
        for b in range(plan.branches):
            unit = units[b % len(units)]
            category = CATEGORIES[rng.randrange(len(CATEGORIES))]
            self.add("branch", f"{unit[2]}-{b:06d}", f"第{b + 1}党支部", unit, category)
        self.picks = {"root": root[0], "city": cities[0][0], "county": counties[0][0]}
        now = timezone.now()
        copy_rows(
            "branches_organisation",
            (
                "id",
                "kind",
                "code",
                "name",
                "parent_id",
                "category",
                "path",
                "depth",
                "is_active",
                "created_at",
            ),
            ((*row, True, now) for row in self.rows),
        )
        reset_sequence(Organisation)
        return len(self.rows)


def _write_terms(tree: _Tree, rng: random.Random) -> int:
    """One open term for every organisation: a tenth overdue, a tenth due within 90 days."""
    today = timezone.localdate()

    def rows() -> Iterator[tuple]:
        for row in tree.rows:
            years = 5 if row[1] == "committee" else 3
            roll = rng.random()
            if roll < 0.1:
                end = today - timedelta(days=rng.randrange(1, 400))
            elif roll < 0.2:
                end = today + timedelta(days=rng.randrange(0, 90))
            else:
                end = today + timedelta(days=rng.randrange(90, 365 * years))
            start = end - timedelta(days=365 * years)
            yield (row[0], rng.randrange(1, 8), start, end, None, "")

    return copy_rows(
        "branches_term",
        ("organisation_id", "number", "start_date", "planned_end", "actual_end", "note"),
        rows(),
    )


def _write_renewals(branch_ids: list[int], total: int, rng: random.Random) -> int:
    """`total` renewals of distinct branches, spread over every phase (a tenth archived)."""

    picked = rng.sample(branch_ids, min(total, len(branch_ids)))
    phases = [p for p in Phase if p != Phase.CANCELLED]
    rules = ruleset_to_json(rules_for(Organisation.objects.get(pk=picked[0]))) if picked else {}
    now = timezone.now()
    made = []
    for i, branch_id in enumerate(picked):
        phase = phases[i % len(phases)]
        started = now - timedelta(days=rng.randrange(5, 120))
        made.append(
            Renewal(
                branch_id=branch_id,
                phase=phase,
                awaiting_approval=phase in (Phase.PREPARE, Phase.VET, Phase.APPROVE) and i % 3 == 0,
                rules=rules,
                seats=5,
                meeting_date=(now + timedelta(days=rng.randrange(-30, 60))).date(),
                created_at=started,
                phase_entered_at=started + timedelta(days=3),
                sealed_at=now if phase == Phase.ARCHIVE else None,
                timeline={"prepare": started.isoformat()},
            )
        )
    Renewal.objects.bulk_create(made, batch_size=2000)
    cached.changed(cached.TREE)  # every cached figure: the seed's bulk writes send no signals
    # From the vote on, a renewal holds its members' meeting (as renewal_finish_notice makes it).
    Meeting.objects.bulk_create(
        [
            Meeting(renewal=r, kind=MeetingKind.MEMBERS, held_on=r.meeting_date)
            for r in made
            if r.phase in (Phase.VOTE, Phase.APPROVE, Phase.ARCHIVE)
        ],
        batch_size=2000,
    )
    return len(made)


def _write_accounts(tree: _Tree) -> int:

    picks = dict(tree.picks)
    voting = (
        Renewal.objects.filter(branch__path__startswith=_path_of(picks["county"]), phase=Phase.VOTE)
        .values_list("branch_id", flat=True)
        .first()
    )
    picks["branch"] = voting or tree.branch_ids[0]
    User = get_user_model()
    for username, role, where in ACCOUNTS:
        user, _created = User.objects.get_or_create(username=username)
        user.set_password(PASSWORD)
        user.save()
        Role.objects.get_or_create(user=user, organisation_id=picks[where], role=role)
    return len(ACCOUNTS)


def _path_of(pk: int) -> str:
    return Organisation.objects.values_list("path", flat=True).get(pk=pk)


def _write_campaign(tree: _Tree) -> int:
    """The first county's campaign over the coming 60 days, its open renewals tracked."""

    county = Organisation.objects.get(pk=tree.picks["county"])
    staff = get_user_model().objects.get(username="scale_county")
    today = timezone.localdate()
    start, end = today - timedelta(days=20), today + timedelta(days=60)
    spread = spread_backwards(start=start, end=end, rules=rules_for(county))
    campaign = campaign_create(
        actor=staff,
        organisation=county,
        title="全县基层党组织集中换届（测试）",
        starts_on=start,
        ends_on=end,
        deadlines=spread.deadlines,
        targets={"secretary_under_45": 45, "women": 30, "college": 80, "pledges": 100},
    )
    open_renewals = dict(
        Renewal.objects.filter(branch__path__startswith=county.path)
        .exclude(phase__in=["archive", "cancelled"])
        .values_list("branch_id", "pk")
    )
    entries = list(campaign.entries.filter(branch_id__in=open_renewals))
    for entry in entries:
        entry.renewal_id = open_renewals[entry.branch_id]
    CampaignBranch.objects.bulk_update(entries, ["renewal"], batch_size=1000)
    campaign.launched_at = timezone.now()
    campaign.save(update_fields=["launched_at"])
    return campaign.entries.count()


def _analyze() -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return 0
