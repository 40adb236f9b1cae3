"""Issue 16: the stored `renewal_due` equals what the terms and approvals say after every change."""

from __future__ import annotations

from datetime import date, timedelta

from branches.figures import refresh_renewal_due
from branches.models import Organisation, Term
from elections.services.shifts import renewal_shift_decide
from tests.shift_helpers import ask, term_ends_in, today


def _stored(org: Organisation) -> date | None:
    return Organisation.objects.values_list("renewal_due", flat=True).get(pk=org.pk)


def _agrees() -> None:
    """Every organisation's stored date is the one computed from its terms and approvals."""
    computed = dict(Organisation.objects.with_current_term().values_list("pk", "current_term_due"))
    assert dict(Organisation.objects.values_list("pk", "renewal_due")) == computed


def test_terms_set_move_and_clear_the_due_date(tree):
    b1, b2 = tree["b1"], tree["b2"]
    assert _stored(b1) == date(2026, 1, 1)  # the fixture's open term
    assert _stored(b2) is None
    term = Term.objects.create(
        organisation=b2, number=1, start_date=date(2024, 1, 1), planned_end=date(2027, 3, 1)
    )
    assert _stored(b2) == date(2027, 3, 1)
    term.planned_end = date(2027, 6, 30)
    term.save()
    assert _stored(b2) == date(2027, 6, 30)
    term.actual_end = date(2027, 6, 1)
    term.save()
    assert _stored(b2) is None
    Term.objects.create(
        organisation=b2, number=2, start_date=date(2027, 6, 1), planned_end=date(2030, 6, 1)
    )
    assert _stored(b2) == date(2030, 6, 1)
    _agrees()
    Term.objects.filter(organisation=b2, number=2).get().delete()
    assert _stored(b2) is None
    _agrees()


def test_an_approved_shift_moves_the_due_date_and_a_refused_one_does_not(tree, users):
    term_ends_in(tree["b1"], 10)
    assert _stored(tree["b1"]) == today() + timedelta(days=10)
    refused = ask(users["secretary"], tree["b1"], days=60)
    assert _stored(tree["b1"]) == today() + timedelta(days=10)  # only asked
    renewal_shift_decide(actor=users["approver"], shift=refused, approve=False, note="不同意")
    assert _stored(tree["b1"]) == today() + timedelta(days=10)
    shift = ask(users["secretary"], tree["b1"], days=45)
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True)
    assert _stored(tree["b1"]) == shift.new_date
    _agrees()
    shift.delete()
    assert _stored(tree["b1"]) == today() + timedelta(days=10)
    _agrees()


def test_refresh_mends_rows_written_in_bulk(tree):
    Term.objects.filter(organisation=tree["b1"]).update(planned_end=date(2028, 1, 1))
    assert _stored(tree["b1"]) == date(2026, 1, 1)  # a bulk update sends no signal
    assert refresh_renewal_due() == Organisation.objects.count()
    assert _stored(tree["b1"]) == date(2028, 1, 1)
    _agrees()
