"""Renewals per phase in a user's subtree: the dashboard's chart, a cached figure (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count

from branches import cached
from branches.access import Action
from elections.models import PHASE_ORDER, Phase
from elections.selectors.access import renewals_for


@dataclass(frozen=True)
class PhaseBar:
    phase: Phase
    count: int
    percent: int  # of the longest bar


#: The cached figure (branches.cached) of renewals per phase in a subtree.
PHASE_COUNTS = "renewal-phases"


def phase_counts(user: AbstractBaseUser) -> dict[str, int]:
    """Renewals per phase in the user's subtree: one aggregate query, or none when cached."""

    def count() -> dict[str, int]:
        rows = renewals_for(user).order_by().values("phase").annotate(n=Count("pk"))
        return {row["phase"]: row["n"] for row in rows}

    return cached.figure(PHASE_COUNTS, cached.role_scope(user, Action.VIEW), count)


def phase_chart(user: AbstractBaseUser) -> list[PhaseBar]:
    found = phase_counts(user)
    phases = [*PHASE_ORDER, Phase.CANCELLED]
    top = max(found.values(), default=0)
    return [
        PhaseBar(p, found.get(p, 0), round(100 * found.get(p, 0) / top) if top else 0)
        for p in phases
    ]
