"""Every view × every role, allowed and refused. A refused object is a 404, never a 403 that leaks
its existence. A test also fails when a view is added without a row here."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from elections.models import (
    BallotEntry,
    DocumentKind,
    Meeting,
    Nominee,
    Objection,
    Renewal,
    Round,
)
from elections.services.documents import issue_document
from elections.services.prepare import exclusion_add, renewal_open
from members.models import ImportJob
from tests.conftest import make_member

ROLES = ["staff", "secretary", "approver", "viewer", "outsider", "norole", "admin"]
EVERYONE = set(ROLES)
MANAGERS = {"staff", "admin"}
SEE_B1 = {"staff", "secretary", "approver", "viewer", "admin"}
SEE_A = {"staff", "approver", "viewer", "admin"}
IMPORTERS = {"staff", "outsider", "admin"}
WORKERS = {"staff", "secretary", "admin"}
APPROVERS = {"approver", "admin"}

# (url name, args builder, roles that get 200; everybody else gets 404)
CASES = [
    ("home", lambda t: [], EVERYONE),
    ("password_change", lambda t: [], EVERYONE),
    ("password_change_done", lambda t: [], EVERYONE),
    ("branches:organisation_list", lambda t: [], EVERYONE),
    ("branches:organisation_detail", lambda t: [t["b1"].pk], SEE_B1),
    ("branches:organisation_edit", lambda t: [t["b1"].pk], MANAGERS),
    ("branches:organisation_move", lambda t: [t["b1"].pk], MANAGERS),
    ("branches:organisation_create", lambda t: [t["a"].pk], MANAGERS),
    ("branches:term_create", lambda t: [t["b1"].pk], MANAGERS),
    ("members:member_list", lambda t: [], EVERYONE),
    ("members:member_export", lambda t: [], EVERYONE),
    ("members:member_detail", lambda t: [t["m1"].pk], SEE_B1),
    ("members:member_edit", lambda t: [t["m1"].pk], MANAGERS),
    ("members:member_transfer", lambda t: [t["m1"].pk], MANAGERS),
    ("members:member_create", lambda t: [t["b1"].pk], MANAGERS),
    ("members:import_upload", lambda t: [], IMPORTERS),
    ("members:import_template", lambda t: [], IMPORTERS),
    ("members:import_detail", lambda t: [t["job"].pk], MANAGERS),
    ("members:import_status", lambda t: [t["job"].pk], MANAGERS),
    ("elections:renewal_list", lambda t: [], EVERYONE),
    ("elections:rule_profile", lambda t: [t["b1"].pk], MANAGERS),
    ("elections:renewal_detail", lambda t: [t["renewal"].pk], SEE_B1),
    ("elections:document_preview", lambda t: [t["renewal"].pk, "request"], SEE_B1),
    ("elections:document_download", lambda t: [t["renewal"].pk, t["doc"].pk], SEE_B1),
    ("elections_dashboard:dashboard", lambda t: [], EVERYONE),
    ("elections:meeting_day", lambda t: [t["past"].pk, "members"], SEE_B1),
    ("elections:round_detail", lambda t: [t["past"].pk, t["round"].pk], SEE_B1),
    ("elections:round_ballots", lambda t: [t["past"].pk, t["round"].pk], SEE_B1),
    ("elections:first_ballots", lambda t: [t["past"].pk], SEE_B1),
    ("elections:attendance_register", lambda t: [t["past"].pk], SEE_B1),
    ("elections:count_export", lambda t: [t["past"].pk], SEE_B1),
    ("elections:archive_download", lambda t: [t["past"].pk], SEE_B1),
]
# POST-only views: allowed roles get a page or a redirect, everybody else 404.
POST_CASES = [
    ("elections:renewal_start", lambda t: [t["b2"].pk], WORKERS - {"secretary"}),
    ("elections:renewal_plan", lambda t: [t["renewal"].pk], WORKERS),
    ("elections:exclusion_add", lambda t: [t["renewal"].pk], WORKERS),
    ("elections:exclusion_decide", lambda t: [t["renewal"].pk, t["exclusion"].pk], APPROVERS),
    ("elections:exclusion_withdraw", lambda t: [t["renewal"].pk, t["exclusion"].pk], WORKERS),
    ("elections:renewal_transition", lambda t: [t["renewal"].pk, "submit_request"], WORKERS),
    ("elections:renewal_transition", lambda t: [t["renewal"].pk, "cancel"], APPROVERS),
    ("elections:renewal_transition", lambda t: [t["renewal"].pk, "reopen"], MANAGERS),
    ("elections:recommendation_save", lambda t: [t["renewal"].pk], WORKERS),
    ("elections:nominee_save", lambda t: [t["renewal"].pk], WORKERS),
    ("elections:list_apply_proposal", lambda t: [t["renewal"].pk], WORKERS),
    ("elections:nominee_remove", lambda t: [t["renewal"].pk, t["nominee"].pk], WORKERS),
    ("elections:nominee_toggle", lambda t: [t["renewal"].pk, t["nominee"].pk], WORKERS),
    ("elections:nominee_review", lambda t: [t["renewal"].pk, t["nominee"].pk], APPROVERS),
    ("elections:notice_publish", lambda t: [t["renewal"].pk], WORKERS),
    ("elections:objection_resolve", lambda t: [t["renewal"].pk, t["objection"].pk], APPROVERS),
    (
        "elections:candidate_withdraw",
        lambda t: [t["renewal"].pk, t["nominee"].pk],
        WORKERS | APPROVERS,
    ),
    ("elections:renewal_transition", lambda t: [t["past"].pk, "submit_result"], WORKERS),
    ("elections:renewal_transition", lambda t: [t["past"].pk, "approve_result"], APPROVERS),
    ("elections:renewal_transition", lambda t: [t["past"].pk, "seal"], WORKERS),
    ("elections:meeting_notice", lambda t: [t["past"].pk], WORKERS),
    ("elections:candidates_confirm", lambda t: [t["past"].pk], WORKERS),
    ("elections:method_adopt", lambda t: [t["past"].pk], WORKERS),
    ("elections:seats_reduce", lambda t: [t["past"].pk], WORKERS),
    ("elections:meeting_update", lambda t: [t["past"].pk, "members"], WORKERS),
    ("elections:meeting_staff", lambda t: [t["past"].pk, "plenary"], WORKERS),
    ("elections:attendance_set", lambda t: [t["past"].pk, "members"], WORKERS),
    ("elections:round_open", lambda t: [t["past"].pk, "members"], WORKERS),
    ("elections:round_returned", lambda t: [t["past"].pk, t["round"].pk], WORKERS),
    ("elections:ballot_save", lambda t: [t["past"].pk, t["round"].pk], WORKERS),
    (
        "elections:ballot_delete",
        lambda t: [t["past"].pk, t["round"].pk, t["ballot"].pk],
        WORKERS,
    ),
    ("elections:totals_save", lambda t: [t["past"].pk, t["round"].pk], WORKERS),
    ("elections:round_close", lambda t: [t["past"].pk, t["round"].pk], WORKERS),
    ("elections:duties_set", lambda t: [t["past"].pk], WORKERS),
    ("elections:archive_save", lambda t: [t["past"].pk], WORKERS),
]
# Also reached: the committee page, which the branch secretary may not see.
EXTRA = [("branches:organisation_detail", lambda t: [t["a"].pk], SEE_A)]
# Views outside the role model: Django's own login/logout/admin/i18n.
# The public notice needs no account (tests/elections/test_publicity.py covers it).
NOT_ROLE_VIEWS = {"login", "logout", "set_language", "public_notice"}


@pytest.fixture
def world(tree, users):
    job = ImportJob.objects.create(
        organisation=tree["a"], created_by=users["staff"], original_name="x.xlsx", file="x.xlsx"
    )
    for _ in range(3):
        make_member(tree["b1"])
    renewal = renewal_open(actor=users["secretary"], branch=tree["b1"])
    exclusion = exclusion_add(
        actor=users["secretary"], renewal=renewal, member=tree["m1"], reason="illness"
    )
    doc = issue_document(renewal, DocumentKind.REQUEST, actor=users["secretary"])
    nominee = Nominee.objects.create(renewal=renewal, member=tree["m1"], votes=1)
    objection = Objection.objects.create(renewal=renewal, text="意见", sender_hash="x")
    past = _sealed_renewal(tree, renewal)
    return {
        **tree,
        **past,
        "job": job,
        "renewal": renewal,
        "exclusion": exclusion,
        "doc": doc,
        "nominee": nominee,
        "objection": objection,
    }


def _sealed_renewal(tree, renewal) -> dict:
    """An earlier renewal of B1, held and sealed: a meeting, a closed round, a keyed ballot."""
    m1 = tree["m1"]
    past = Renewal.objects.create(
        branch=tree["b1"], phase="archive", rules=renewal.rules, seats=3,
        sealed_at=timezone.now(), summary="总结",
    )  # fmt: skip
    past.archive.save("past.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    Nominee.objects.create(renewal=past, member=m1, on_list=True, approved=True, formal=True)
    meeting = Meeting.objects.create(renewal=past, kind="members", held_on=timezone.localdate())
    round_ = Round.objects.create(
        meeting=meeting, number=1, body="committee", kind="first", seats=1,
        candidates=[{"name": m1.name, "member": m1.pk}], expected=3, present=3, issued=3,
        returned=1, status="closed",
        outcome={
            "void": False, "returned": 1, "valid": 1, "invalid": 0, "yes": [[m1.name, 1]],
            "no": {}, "abstain": {}, "base": "present", "base_size": 3, "threshold": 2,
            "elected": [], "runoff": [], "runoff_seats": 0, "unfilled": 1,
            "readings_differ": False, "write_in_members": {},
        },
    )  # fmt: skip
    ballot = BallotEntry.objects.create(round=round_, number=1, marks={m1.name: "yes"})
    return {"past": past, "round": round_, "ballot": ballot}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed"), CASES + EXTRA, ids=lambda v: str(v))
def test_role_view_matrix(client, users, world, role, name, args, allowed):
    client.force_login(users[role])
    response = client.get(reverse(name, args=args(world)))
    expected = 200 if role in allowed else 404
    assert response.status_code == expected, f"{role} → {name}: {response.status_code}"


@pytest.mark.parametrize(("name", "args", "allowed"), CASES, ids=lambda v: str(v))
def test_anonymous_is_sent_to_login(client, world, name, args, allowed):
    response = client.get(reverse(name, args=args(world)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _names(resolver, prefix="") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if pattern.namespace != "admin":
                names |= _names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed"), POST_CASES, ids=lambda v: str(v))
def test_role_post_view_matrix(client, users, world, role, name, args, allowed):
    client.force_login(users[role])
    response = client.post(reverse(name, args=args(world)), {})
    if role in allowed:
        assert response.status_code in (200, 302), f"{role} → {name}: {response.status_code}"
    else:
        assert response.status_code == 404, f"{role} → {name}: {response.status_code}"


def test_every_view_is_in_the_matrix():
    covered = {name for name, _a, _r in CASES + POST_CASES}
    missing = _names(get_resolver()) - covered - NOT_ROLE_VIEWS
    assert not missing, f"views without an access test: {sorted(missing)}"


@pytest.mark.parametrize("role", ["secretary", "approver", "viewer", "outsider", "norole"])
def test_refused_writes_change_nothing(client, users, world, role):
    client.force_login(users[role])
    m1 = world["m1"]
    response = client.post(reverse("members:member_edit", args=[m1.pk]), {"name": "改名"})
    assert response.status_code == 404
    response = client.post(
        reverse("branches:organisation_edit", args=[world["b1"].pk]), {"name": "改名"}
    )
    assert response.status_code == 404
    m1.refresh_from_db()
    world["b1"].refresh_from_db()
    assert m1.name == "张三"
    assert world["b1"].name == "第一党支部"


def test_admin_site_is_for_superusers_only(client, users):
    client.force_login(users["staff"])
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(users["admin"])
    assert client.get(reverse("admin:index")).status_code == 200
