"""The organisation tree: materialised paths, subtree queries, moves, terms and audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches import services
from branches.models import AuditEvent, Organisation, OrganisationKind, Term, renewal_status
from tests.conftest import make_org


def codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


def test_paths_and_depth(tree):
    b2 = tree["b2"]
    assert b2.path == f"/{tree['root'].pk}/{tree['a'].pk}/{tree['g'].pk}/{b2.pk}/"
    assert b2.depth == 3
    assert b2.ancestor_ids() == [tree["root"].pk, tree["a"].pk, tree["g"].pk]


def test_subtree_is_one_query_at_any_depth(tree):
    with CaptureQueriesContext(connection) as ctx:
        found = codes(Organisation.objects.subtree_of(tree["a"]))
    assert found == {"A", "G", "B1", "B2"}
    assert len(ctx.captured_queries) == 1
    assert "LIKE" in ctx.captured_queries[0]["sql"].upper()
    assert codes(Organisation.objects.subtree_of(tree["a"], include_self=False)) == {
        "G",
        "B1",
        "B2",
    }


def test_prefix_of_an_id_is_not_a_subtree(db):
    """/1/ must not match /12/: the trailing slash keeps siblings apart."""
    root = make_org("R", OrganisationKind.COMMITTEE)
    kids = [make_org(f"K{i}", OrganisationKind.COMMITTEE, root) for i in range(12)]
    first = kids[0]
    assert codes(Organisation.objects.subtree_of(first)) == {first.code}


def test_move_subtree_rewrites_every_descendant(tree):
    g, other = tree["g"], tree["other"]
    deeper = make_org("B2X", OrganisationKind.BRANCH, g)
    services.organisation_move(actor=None, organisation=g, new_parent=other)
    g.refresh_from_db()
    deeper.refresh_from_db()
    assert g.parent == other
    assert g.path == f"{other.path}{g.pk}/"
    assert deeper.path == f"{other.path}{g.pk}/{deeper.pk}/"
    assert deeper.depth == 3
    assert codes(Organisation.objects.subtree_of(tree["a"])) == {"A", "B1"}
    assert codes(Organisation.objects.subtree_of(other)) == {"O", "B3", "G", "B2", "B2X"}
    event = AuditEvent.objects.get(action="organisation_move")
    assert event.changes["parent"] == ["机关党委", "镇党委"]


def test_move_under_own_descendant_is_refused(tree):
    with pytest.raises(ValidationError, match="自己的下级"):
        services.organisation_move(actor=None, organisation=tree["a"], new_parent=tree["g"])


def test_branch_cannot_hold_a_committee(tree):
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=None, parent=tree["b1"], kind=OrganisationKind.COMMITTEE, code="X", name="X"
        )


def test_create_and_update_write_audit(tree):
    org = services.organisation_create(
        actor=None, parent=tree["a"], kind="branch", code="B9", name="新支部", category="school"
    )
    services.organisation_update(actor=None, organisation=org, name="改名支部")
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "organisation_create" in actions
    assert "organisation_update" in actions
    assert AuditEvent.objects.get(action="organisation_update").changes["name"] == [
        "新支部",
        "改名支部",
    ]


def test_term_start_closes_the_previous_term_and_keeps_history(tree):
    b1, m1 = tree["b1"], tree["m1"]
    term = services.term_start(
        actor=None,
        organisation=b1,
        start_date=date(2025, 12, 20),
        posts=[("secretary", m1, ""), ("organisation", None, "外单位人员")],
    )
    assert term.number == 3
    assert term.planned_end == date(2028, 12, 20)  # organ branches serve 3 years
    old = Term.objects.get(organisation=b1, number=2)
    assert old.actual_end == date(2025, 12, 20)
    assert b1.current_term() == term
    assert [p.person_name for p in term.posts.all()] == ["张三", "外单位人员"]


def test_village_terms_are_five_years(tree):
    term = services.term_start(actor=None, organisation=tree["b3"], start_date=date(2024, 3, 1))
    assert term.planned_end == date(2029, 3, 1)


def test_new_term_must_start_after_the_current_one(tree):
    with pytest.raises(ValidationError):
        services.term_start(actor=None, organisation=tree["b1"], start_date=date(2022, 1, 1))


def test_renewal_status_boundaries():
    today = date(2026, 11, 26)
    assert renewal_status(None, today=today) == "none"
    assert renewal_status(date(2026, 11, 25), today=today) == "overdue"
    assert renewal_status(date(2026, 11, 26), today=today) == "due"
    assert renewal_status(date(2027, 2, 24), today=today) == "due"  # 90 days
    assert renewal_status(date(2027, 2, 25), today=today) == "ok"
