"""The wording of the voting-rights problems (R1) the election rules return, and the renderer
every wording table shares: a code's template filled with the problem's parameters."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from elections.domain import Code, Problem

#: R1: why a member has no vote, by code.
MESSAGES: dict[Code, Promise] = {
    Code.PROBATIONARY: _("预备党员没有表决权、选举权和被选举权"),
    Code.PARTY_PROBATION: _("受留党察看处分期间没有表决权、选举权和被选举权"),
    Code.PARTY_PROBATION_UNTIL: _(
        "受留党察看处分期间没有表决权、选举权和被选举权（察看期至%(until)s）"
    ),
    Code.DETAINED: _("被留置期间中止表决权、选举权和被选举权"),
    Code.ARRESTED: _("被依法逮捕期间中止表决权、选举权和被选举权"),
}


def render(problem: Problem, messages: Mapping[Code, Promise]) -> str:
    """``problem`` worded by its code's template in ``messages``, in the active language.

    Dates take the language's date format; a parameter that is itself a problem (the reason
    behind this one) is worded from the same table. A code without a template raises KeyError.
    """
    params = {key: _param(value, messages) for key, value in problem.params.items()}
    return str(messages[problem.code]) % params


def _param(value: object, messages: Mapping[Code, Promise]) -> object:
    if isinstance(value, Problem):
        return render(value, messages)
    if isinstance(value, date):
        return date_format(value)
    return value


def describe(problem: Problem) -> str:
    """A voting-rights problem (R1) in the user's language."""
    return render(problem, MESSAGES)
