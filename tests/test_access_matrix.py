"""Every view × every role, allowed and refused. A refused object is a 404, never a 403 that leaks
its existence; an allowed role gets the page, file or redirect the row names. Anonymous requests
go to the login page and change nothing. A test also fails when a view is added without a row here.

The world is built once for the module, through the demo's walks (elections/demo.py), inside a
transaction rolled back at the module's end; each case runs in a savepoint of its own
(pytest-django's `db`) that is rolled back after it, and starts by checking that no earlier case
changed the world.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from elections.models import DocumentKind, MeetingKind
from tests.conftest import quick_settings
from tests.matrix_helpers import (
    OWN_MATRIX_VIEWS,
    File,
    Json,
    Page,
    Redirect,
    build_world,
    check,
    each_document_printed_once,
    snapshot,
)
from tests.matrix_views import MODULE_VIEWS

ROLES = ["staff", "secretary", "approver", "viewer", "outsider", "norole", "admin"]
EVERYONE = set(ROLES)
MANAGERS = {"staff", "admin"}
SEE_B1 = {"staff", "secretary", "approver", "viewer", "admin"}
SEE_A = {"staff", "approver", "viewer", "admin"}
IMPORTERS = {"staff", "outsider", "admin"}
WORKERS = {"staff", "secretary", "admin"}
APPROVERS = {"approver", "admin"}

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def renewal_page(key: str) -> Redirect:
    return Redirect(lambda w: w[key].get_absolute_url())


def meeting_page(kind: str) -> Redirect:
    return Redirect(lambda w: reverse("elections:meeting_day", args=[w["past"].pk, kind]))


def round_page(w: dict) -> str:
    return reverse("elections:round_detail", args=[w["past"].pk, w["round"].pk])


# Pages shown again with a form's errors: B1's renewal being prepared, the sealed one, its round.
CURRENT = Page("第一党支部 · 筹备")
SEALED = Page("第一党支部 · 总结归档")
ROUND = Page("第1轮 支部委员会委员 正式选举 · 第一党支部")
PAST = renewal_page("past")
XLSX_FILE = File(XLSX, b"PK\x03\x04")
PDF_FILE = File(PDF, b"%PDF-")
UPLOADED_PDF = File(PDF, b"%PDF-", attachment=True)

# (url name, args builder, roles that get the page, what they get; everybody else gets 404)
CASES = [
    ("home", lambda w: [], EVERYONE, Page("首页")),
    ("password_change", lambda w: [], EVERYONE, Page("修改密码")),
    ("password_change_done", lambda w: [], EVERYONE, Page("密码已修改")),
    ("branches:organisation_list", lambda w: [], EVERYONE, Page("党组织")),
    ("branches:organisation_pick", lambda w: ["manage"], EVERYONE, Json(("results",))),  # pickers
    ("branches:organisation_detail", lambda w: [w["b1"].pk], SEE_B1, Page("第一党支部")),
    (
        "branches:organisation_edit",
        lambda w: [w["b1"].pk],
        MANAGERS,
        Page("编辑党组织", ("编辑 第一党支部",)),
    ),
    (
        "branches:organisation_move",
        lambda w: [w["b1"].pk],
        MANAGERS,
        Page("移动党组织", ("第一党支部",)),
    ),
    (
        "branches:organisation_create",
        lambda w: [w["a"].pk],
        MANAGERS,
        Page("新建党组织", ("在 机关党委 下新建组织",)),
    ),
    (
        "branches:term_create",
        lambda w: [w["b1"].pk],
        MANAGERS,
        Page("登记新一届", ("第一党支部 · 登记新一届支部委员会",)),
    ),
    ("members:member_list", lambda w: [], EVERYONE, Page("党员名册")),
    ("members:member_detail", lambda w: [w["m1"].pk], SEE_B1, Page("张三")),
    ("members:member_edit", lambda w: [w["m1"].pk], MANAGERS, Page("编辑党员", ("编辑 张三",))),
    (
        "members:member_transfer",
        lambda w: [w["m1"].pk],
        MANAGERS,
        Page("组织关系转接", ("第一党支部",)),
    ),
    (
        "members:member_create",
        lambda w: [w["b1"].pk],
        MANAGERS,
        Page("新增党员", ("在 第一党支部 新增党员",)),
    ),
    ("members:import_upload", lambda w: [], IMPORTERS, Page("导入党员名册")),
    ("members:import_template", lambda w: [], IMPORTERS, XLSX_FILE),
    ("members:import_detail", lambda w: [w["job"].pk], MANAGERS, Page("导入结果", ("x.xlsx",))),
    ("members:import_status", lambda w: [w["job"].pk], MANAGERS, Json(("status", "percent"))),
    ("elections:renewal_list", lambda w: [], EVERYONE, Page("换届")),
    (
        "elections:rule_profile",
        lambda w: [w["b1"].pk],
        MANAGERS,
        Page("选举规则", ("第一党支部 · 选举规则",)),
    ),
    (
        "elections:document_settings",
        lambda w: [w["b1"].pk],
        MANAGERS,
        Page("发文字号", ("第一党支部 · 发文字号",)),
    ),
    ("elections:renewal_detail", lambda w: [w["renewal"].pk], SEE_B1, CURRENT),
    ("elections:work_report_download", lambda w: [w["past"].pk], SEE_B1, UPLOADED_PDF),
    ("elections:pledge_download", lambda w: [w["past"].pk, w["nominee"].pk], SEE_B1, UPLOADED_PDF),
    (
        "elections:document_preview",
        lambda w: [w["renewal"].pk, DocumentKind.REQUEST],
        SEE_B1,
        PDF_FILE,
    ),
    (
        "elections:document_download",
        lambda w: [w["past"].pk, w["doc"].pk],
        SEE_B1,
        File(PDF, b"%PDF-", lambda w: w["doc"].sha256),
    ),
    ("elections_dashboard:dashboard", lambda w: [], EVERYONE, Page("工作台")),
    (
        "elections:meeting_day",
        lambda w: [w["past"].pk, MeetingKind.MEMBERS],
        SEE_B1,
        Page("党员大会 · 第一党支部"),
    ),
    ("elections:round_detail", lambda w: [w["past"].pk, w["round"].pk], SEE_B1, ROUND),
    (
        "elections:round_ballots",
        lambda w: [w["past"].pk, w["round"].pk, "?copies=1"],
        SEE_B1,
        PDF_FILE,
    ),
    ("elections:first_ballots", lambda w: [w["past"].pk, "?copies=1"], SEE_B1, PDF_FILE),
    ("elections:attendance_register", lambda w: [w["past"].pk], SEE_B1, PDF_FILE),
    ("elections:count_export", lambda w: [w["past"].pk], SEE_B1, XLSX_FILE),
    (
        "elections:archive_download",
        lambda w: [w["past"].pk],
        SEE_B1,
        File(ZIP, b"PK\x03\x04", lambda w: w["past"].archive_sha256),
    ),
]
# POST-only views, posted empty: an allowed role gets the page again (the form's errors) or a
# redirect (a service's refusal, or the step done), everybody else 404.
POST_CASES = [
    (
        "elections:renewal_start",
        lambda w: [w["b2"].pk],
        WORKERS - {"secretary"},
        Redirect(lambda w: w["b2"].get_absolute_url()),  # B2 has no full member to elect
    ),
    ("elections:renewal_plan", lambda w: [w["renewal"].pk], WORKERS, CURRENT),
    ("elections:exclusion_add", lambda w: [w["renewal"].pk], WORKERS, CURRENT),
    ("elections:roll_confirm", lambda w: [w["renewal"].pk], WORKERS, renewal_page("renewal")),
    ("elections:exclusions_vote", lambda w: [w["past"].pk], WORKERS, Page("党员大会 · 第一党支部")),
    (
        "elections:exclusion_decide",
        lambda w: [w["renewal"].pk, w["exclusion"].pk],
        APPROVERS,
        renewal_page("renewal"),
    ),
    (
        "elections:exclusion_withdraw",
        lambda w: [w["renewal"].pk, w["exclusion"].pk],
        WORKERS,
        renewal_page("renewal"),
    ),
    (
        "elections:renewal_transition",
        lambda w: [w["renewal"].pk, "submit_request"],
        WORKERS,
        renewal_page("renewal"),
    ),
    (
        "elections:renewal_transition",
        lambda w: [w["renewal"].pk, "cancel"],
        APPROVERS,
        renewal_page("renewal"),
    ),
    (
        "elections:renewal_transition",
        lambda w: [w["renewal"].pk, "reopen"],
        MANAGERS,
        renewal_page("renewal"),
    ),
    ("elections:recommendation_save", lambda w: [w["renewal"].pk], WORKERS, CURRENT),
    ("elections:nominee_save", lambda w: [w["renewal"].pk], WORKERS, CURRENT),
    (
        "elections:list_apply_proposal",
        lambda w: [w["renewal"].pk],
        WORKERS,
        renewal_page("renewal"),
    ),
    ("elections:nominee_remove", lambda w: [w["past"].pk, w["nominee"].pk], WORKERS, PAST),
    ("elections:nominee_toggle", lambda w: [w["past"].pk, w["nominee"].pk], WORKERS, PAST),
    ("elections:nominee_review", lambda w: [w["past"].pk, w["nominee"].pk], APPROVERS, PAST),
    ("elections:notice_publish", lambda w: [w["renewal"].pk], WORKERS, renewal_page("renewal")),
    (
        "elections:objection_resolve",
        lambda w: [w["past"].pk, w["objection"].pk],
        APPROVERS,
        PAST,
    ),
    (
        "elections:candidate_withdraw",
        lambda w: [w["past"].pk, w["nominee"].pk],
        WORKERS | APPROVERS,
        PAST,
    ),
    ("elections:renewal_transition", lambda w: [w["past"].pk, "submit_result"], WORKERS, PAST),
    ("elections:renewal_transition", lambda w: [w["past"].pk, "approve_result"], APPROVERS, PAST),
    ("elections:renewal_transition", lambda w: [w["past"].pk, "seal"], WORKERS, PAST),
    ("elections:meeting_notice", lambda w: [w["past"].pk], WORKERS, PAST),
    ("elections:candidates_confirm", lambda w: [w["past"].pk], WORKERS, SEALED),
    ("elections:method_adopt", lambda w: [w["past"].pk], WORKERS, PAST),
    ("elections:seats_reduce", lambda w: [w["past"].pk], WORKERS, Page("党员大会 · 第一党支部")),
    ("elections:meeting_adjourn", lambda w: [w["past"].pk], WORKERS, Page("党员大会 · 第一党支部")),
    ("elections:meeting_update", lambda w: [w["past"].pk, "members"], WORKERS, SEALED),
    ("elections:meeting_staff", lambda w: [w["past"].pk, "plenary"], WORKERS, SEALED),
    (
        "elections:attendance_set",
        lambda w: [w["past"].pk, "members"],
        WORKERS,
        meeting_page("members"),
    ),
    ("elections:round_open", lambda w: [w["past"].pk, "members"], WORKERS, meeting_page("members")),
    ("elections:round_returned", lambda w: [w["past"].pk, w["round"].pk], WORKERS, ROUND),
    ("elections:ballot_save", lambda w: [w["past"].pk, w["round"].pk], WORKERS, ROUND),
    (
        "elections:ballot_delete",
        lambda w: [w["past"].pk, w["round"].pk, w["ballot"].pk],
        WORKERS,
        Redirect(round_page),
    ),
    ("elections:totals_save", lambda w: [w["past"].pk, w["round"].pk], WORKERS, ROUND),
    ("elections:round_close", lambda w: [w["past"].pk, w["round"].pk], WORKERS, ROUND),
    ("elections:duties_set", lambda w: [w["past"].pk], WORKERS, SEALED),
    ("elections:write_in_check", lambda w: [w["past"].pk, w["written"].pk], APPROVERS, SEALED),
    ("elections:elected_invalidate", lambda w: [w["past"].pk, w["written"].pk], APPROVERS, SEALED),
    ("elections:archive_save", lambda w: [w["past"].pk], WORKERS, SEALED),
]
# Also reached: the committee page, which the branch secretary may not see.
EXTRA = [("branches:organisation_detail", lambda w: [w["a"].pk], SEE_A, Page("机关党委"))]
# Outside the role model: Django's login/logout/i18n; the public notice (test_publicity.py).
NOT_ROLE_VIEWS = {"login", "logout", "set_language", "public_notice"}


@pytest.fixture(scope="module", autouse=True)
def _each_document_printed_once():
    """Who gets a PDF is the question here (its layout is tested in tests/elections)."""
    with each_document_printed_once():
        yield


@pytest.fixture(scope="module")
def _media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _plain_static_storage():
    """Replaces the suite's per-test media root: the world's files stay where it was built."""


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, _media):
    with (
        django_db_blocker.unblock(),
        override_settings(**quick_settings(_media)),
        transaction.atomic(),
    ):
        world = build_world()
        world["state"] = snapshot()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(db, _world):
    """The module's world, in this case's own savepoint, as no earlier case left it changed."""
    assert snapshot() == _world["state"], "an earlier case changed the world"
    return _world


def _ids(rows) -> list:
    """Each row named by its URL name and the keys and words of its arguments."""
    params = []
    for row in rows:
        words = [c for c in row[1].__code__.co_consts if isinstance(c, str)]
        params.append(pytest.param(*row, id="-".join([row[0], *words])))
    return params


def _url(name: str, args: list) -> str:
    query = args[-1] if args and str(args[-1]).startswith("?") else ""
    return reverse(name, args=args[:-1] if query else args) + query


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed", "expect"), _ids(CASES + EXTRA))
def test_role_view_matrix(client, world, role, name, args, allowed, expect):
    client.force_login(world["users"][role])
    response = client.get(_url(name, args(world)))
    if role in allowed:
        check(response, expect, world)
    else:
        assert response.status_code == 404, f"{role} → {name}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed", "expect"), _ids(POST_CASES))
def test_role_post_view_matrix(client, world, role, name, args, allowed, expect):
    client.force_login(world["users"][role])
    response = client.post(_url(name, args(world)), {})
    if role in allowed:
        check(response, expect, world)
    else:
        assert response.status_code == 404, f"{role} → {name}: {response.status_code}"


@pytest.mark.parametrize(("name", "args", "allowed", "expect"), _ids(CASES))
def test_anonymous_is_sent_to_login(client, world, name, args, allowed, expect):
    response = client.get(_url(name, args(world)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args", "allowed", "expect"), _ids(POST_CASES))
def test_anonymous_post_is_sent_to_login_and_changes_nothing(
    client, world, name, args, allowed, expect
):
    response = client.post(_url(name, args(world)), {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot() == world["state"]


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


def test_every_view_is_in_the_matrix():
    covered = {row[0] for row in CASES + POST_CASES} | MODULE_VIEWS
    missing = _names(get_resolver()) - covered - NOT_ROLE_VIEWS - OWN_MATRIX_VIEWS
    assert not missing, f"views without an access test: {sorted(missing)}"


@pytest.mark.parametrize("role", ["secretary", "approver", "viewer", "outsider", "norole"])
def test_refused_writes_change_nothing(client, world, role):
    client.force_login(world["users"][role])
    response = client.post(reverse("members:member_edit", args=[world["m1"].pk]), {"name": "改名"})
    assert response.status_code == 404
    response = client.post(
        reverse("branches:organisation_edit", args=[world["b1"].pk]), {"name": "改名"}
    )
    assert response.status_code == 404
    assert snapshot() == world["state"]


def test_admin_site_is_for_superusers_only(client, world):
    client.force_login(world["users"]["staff"])
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(world["users"]["admin"])
    assert client.get(reverse("admin:index")).status_code == 200
