"""Benchmark of the rules engine: count one round of 10,000 ballots for 9 candidates, 5 seats.

Run as ``PYTHONPATH=. python tests/bench/bench_domain.py``. Prints one JSON line per benchmark:
``{"name": ..., "value": <median seconds>, "unit": "s"}``.
"""

from __future__ import annotations

import json
import random
import statistics
import time

from elections.domain import Ballot, Mark, count_round

CANDIDATES = ("丁", "于", "万", "马", "王", "方", "李", "张", "陈")
SEATS = 5
BALLOTS = 10_000
REPEATS = 7


def make_ballots(seed: int = 20250601) -> list[Ballot]:
    """Seeded random ballots: up to 6 yes marks (some invalid), no marks, a few write-ins."""
    rng = random.Random(seed)
    papers = []
    for _ in range(BALLOTS):
        marks = {
            name: rng.choice((Mark.YES, Mark.YES, Mark.NO, Mark.ABSTAIN)) for name in CANDIDATES
        }
        yes = [name for name, mark in marks.items() if mark is Mark.YES]
        for name in yes[SEATS + 1 :]:
            marks[name] = Mark.ABSTAIN
        write_ins = ("赵六",) if Mark.NO in marks.values() and rng.random() < 0.05 else ()
        papers.append(Ballot(marks, write_ins))
    return papers


def bench_count_round() -> float:
    """Median seconds of ``count_round`` over the ballots, after one warm-up call."""
    papers = make_ballots()

    def once() -> None:
        count_round(
            candidates=CANDIDATES,
            seats=SEATS,
            issued=BALLOTS,
            ballots=papers,
            present=BALLOTS,
            expected=BALLOTS,
        )

    once()
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        once()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    """Run every benchmark and print its JSON line."""
    median = bench_count_round()
    print(json.dumps({"name": "count_round_10000", "value": round(median, 6), "unit": "s"}))


if __name__ == "__main__":
    main()
