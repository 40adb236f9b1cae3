"""Pages of a long list whose total is counted only up to a cap (issue 16).

An exact `COUNT(*)` over a province's 3 million members reads every row; counting at most
`COUNT_CAP + 1` rows, without the list's ordering, costs the same however long the list is. A
list past the cap says "超过 10,000 条" and offers its first `COUNT_CAP` rows; the filters find
the rest.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _seen(self) -> int:
        """How many rows there are, counted up to one past the cap."""
        rows = self.object_list
        if isinstance(rows, QuerySet):
            unordered = rows.order_by()
            if not unordered.query.distinct:
                unordered = unordered.values("pk")
            return unordered[: self.cap + 1].count()
        return len(rows)

    @cached_property
    def capped(self) -> bool:
        """True when the list is longer than the cap: `count` is then the cap."""
        return self._seen > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._seen, self.cap)
