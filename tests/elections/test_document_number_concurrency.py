"""发文字号 taken at the same moment by several documents are consecutive, never the same
(PostgreSQL row locks on the organisation's counter for the year)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from elections.services.documents import take_number


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)
def test_numbers_taken_at_once_have_neither_gaps_nor_duplicates(transactional_db, tree):
    organisation = tree["a"]
    barrier = threading.Barrier(6)
    taken: list[str] = []

    def issue() -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                taken.append(take_number(organisation))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    year = timezone.localdate().year
    assert sorted(taken) == sorted(f"机关党委〔{year}〕{n}号" for n in range(1, 7))
