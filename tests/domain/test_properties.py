"""Properties of the rules that must hold for every input (Hypothesis)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from elections.domain import (
    Ballot,
    Mark,
    MemberFacts,
    RoundOutcome,
    RuleSet,
    ballot_is_valid,
    count_round,
    differential_ok,
    expected_attendance,
    has_voting_rights,
    meeting_figures,
    min_candidates,
    min_present,
    present_voters,
    quorum_met,
    sort_by_strokes,
    stroke_key,
)

from .factories import ON, ballots_with_counts

#: Whitespace that rosters and typed names carry: ASCII and full-width (U+3000) spaces, tabs.
PADDING = st.text(alphabet=" \u3000\t\n", max_size=2)

CANDIDATES = ("王", "方", "李", "张", "丁", "于")
WRITE_IN_POOL = ("赵", "钱", "王")  # 王 is also a candidate: writing them in is a void mark

rule_sets = st.builds(
    RuleSet,
    quorum=st.sampled_from(["strict", "lenient"]),
    majority_base=st.sampled_from(["present", "expected"]),
)


@st.composite
def ballots_for(draw: st.DrawFn, candidates: tuple[str, ...], seats: int) -> Ballot:
    """A ballot with up to ``seats + 1`` yes marks (so sometimes invalid), other candidates
    marked no, abstain or left blank, and up to one write-in more than the no marks allow."""
    yes = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=seats + 1))
    marks = dict.fromkeys(yes, Mark.YES)
    for name in candidates:
        if name not in marks:
            mark = draw(st.sampled_from((Mark.NO, Mark.ABSTAIN, None)))
            if mark is not None:
                marks[name] = mark
    no_count = sum(1 for mark in marks.values() if mark is Mark.NO)
    write_ins = draw(st.lists(st.sampled_from(WRITE_IN_POOL), max_size=no_count + 1))
    return Ballot(marks, write_ins)


@dataclass(frozen=True)
class Round:
    """The inputs of one call of ``count_round``."""

    candidates: tuple[str, ...]
    seats: int
    issued: int
    ballots: list[Ballot]
    present: int
    expected: int
    rules: RuleSet
    eligible: frozenset[str] | None

    def count(self, **changes: object) -> RoundOutcome:
        """Count this round, with ``changes`` to its inputs."""
        values = {
            "candidates": self.candidates,
            "seats": self.seats,
            "issued": self.issued,
            "ballots": self.ballots,
            "present": self.present,
            "expected": self.expected,
            "rules": self.rules,
            "eligible": self.eligible,
        }
        values.update(changes)
        return count_round(**values)  # type: ignore[arg-type]


@st.composite
def rounds(draw: st.DrawFn, *, allow_void: bool = True) -> Round:
    """Quorate rounds of mixed ballots, some invalid, some with write-ins, some void."""
    size = draw(st.integers(1, len(CANDIDATES)))
    candidates = CANDIDATES[:size]
    seats = draw(st.integers(1, size + 1))
    rules = draw(rule_sets)
    expected = draw(st.integers(1, 30))
    present = draw(st.integers(min_present(expected, rules), expected))
    issued = draw(st.just(present) | st.integers(0, present))
    returned = draw(st.just(issued) | st.integers(0, issued + 2 if allow_void else issued))
    # Voters often copy one of a few ballots, so that rounds elect people and produce ties.
    common = draw(st.lists(ballots_for(candidates, seats), min_size=1, max_size=3))
    one_ballot = st.sampled_from(common) | ballots_for(candidates, seats)
    papers = draw(st.lists(one_ballot, min_size=returned, max_size=returned))
    eligible = draw(st.none() | st.frozensets(st.sampled_from(WRITE_IN_POOL)))
    return Round(candidates, seats, issued, papers, present, expected, rules, eligible)


@st.composite
def counted_rounds(draw: st.DrawFn) -> Round:
    """Rounds built from drawn vote counts, which often tie and send people to a re-vote."""
    size = draw(st.integers(1, len(CANDIDATES)))
    candidates = CANDIDATES[:size]
    seats = draw(st.integers(1, size))
    voters = draw(st.integers(1, 25))
    # Counts come from a few levels, so that candidates often tie.
    levels = draw(st.lists(st.integers(voters // 2, voters), min_size=1, max_size=3))
    capacity = voters * seats
    counts = {}
    for name in candidates:
        counts[name] = min(draw(st.sampled_from(levels)), capacity)
        capacity -= counts[name]
    papers = ballots_with_counts(counts, voters=voters, seats=seats)
    expected = draw(st.integers(voters, (5 * voters - 1) // 4))
    return Round(candidates, seats, voters, papers, voters, expected, draw(rule_sets), None)


any_rounds = rounds() | counted_rounds()


@given(rounds())
def test_every_ballot_is_valid_or_invalid(game: Round) -> None:
    """R9: each returned ballot of a round that is not void is either valid or invalid."""
    outcome = game.count()
    counted = 0 if outcome.void else len(game.ballots)
    assert outcome.valid + outcome.invalid == counted
    if not outcome.void:
        assert outcome.valid == sum(ballot_is_valid(b, seats=game.seats) for b in game.ballots)


@settings(max_examples=300)
@given(any_rounds)
def test_seats_are_accounted_for(game: Round) -> None:
    """R12/R13: every seat is filled, goes to a re-vote, or to a supplementary election; never
    more elected than seats."""
    outcome = game.count()
    assert len(outcome.elected) <= game.seats
    assert len(outcome.elected) + outcome.runoff_seats + outcome.unfilled == game.seats
    assert not set(outcome.elected) & set(outcome.runoff)
    if outcome.runoff:
        assert len(outcome.runoff) > outcome.runoff_seats > 0
        assert outcome.unfilled == 0
        assert len({outcome.yes[name] for name in outcome.runoff}) == 1


@given(any_rounds)
def test_everybody_elected_has_a_majority(game: Round) -> None:
    """R11: elected only when ``2*yes > D``; R13: nobody below the threshold is ever declared
    elected by ranking."""
    outcome = game.count()
    base = game.expected if game.rules.majority_base == "expected" else game.present
    assert outcome.base_size == base
    for name in (*outcome.elected, *outcome.runoff):
        assert 2 * outcome.yes[name] > base


@settings(max_examples=300)
@given(any_rounds)
def test_nobody_with_fewer_votes_is_elected_over_more(game: Round) -> None:
    """R12: "rank by yes votes": nobody left out has more yes votes than anybody elected, and the
    elected are listed by descending votes."""
    outcome = game.count()
    elected_votes = [outcome.yes[name] for name in outcome.elected]
    assert elected_votes == sorted(elected_votes, reverse=True)
    if outcome.elected:
        fewest = min(elected_votes)
        others = [votes for name, votes in outcome.yes.items() if name not in outcome.elected]
        assert all(votes < fewest for votes in others)
    if outcome.unfilled:
        passing = [n for n, v in outcome.yes.items() if 2 * v > outcome.base_size]
        assert sorted(passing) == sorted(outcome.elected)


@given(rounds())
def test_void_round_elects_nobody(game: Round) -> None:
    """R9: "If more ballots are returned than were issued, the whole round is void and is held
    again." """
    outcome = game.count()
    assert outcome.void is (len(game.ballots) > game.issued)
    if outcome.void:
        assert outcome.elected == ()
        assert outcome.runoff == ()
        assert outcome.valid == outcome.invalid == 0


@given(rounds(allow_void=False))
def test_yes_votes_match_a_direct_count(game: Round) -> None:
    """R8/R9: every candidate's yes votes are the yes marks on valid ballots."""
    outcome = game.count()
    direct = Counter(
        name
        for ballot in game.ballots
        if ballot_is_valid(ballot, seats=game.seats)
        for name, mark in ballot.marks.items()
        if mark is Mark.YES
    )
    for name in game.candidates:
        assert outcome.yes[name] == direct[name]
    assert sum(outcome.yes.values()) <= outcome.valid * game.seats


@given(rounds(allow_void=False), st.randoms(use_true_random=False))
def test_ballot_order_does_not_matter(game: Round, shuffler) -> None:
    """Counting does not depend on the order the ballots are read out."""
    shuffled = list(game.ballots)
    shuffler.shuffle(shuffled)
    assert game.count(ballots=shuffled) == game.count()


@given(rounds(), st.data())
def test_whitespace_in_names_changes_nothing(game: Round, data: st.DataObject) -> None:
    """Names are normalised once: padding every name on the roster, the ballots and the
    eligibility list with spaces (full-width too) gives the same outcome."""

    def pad(name: str) -> str:
        cut = data.draw(st.integers(0, len(name)))
        return data.draw(PADDING) + name[:cut] + data.draw(PADDING) + name[cut:]

    padded = [
        Ballot({pad(name): mark for name, mark in ballot.marks.items()}, map(pad, ballot.write_ins))
        for ballot in game.ballots
    ]
    assert padded == game.ballots
    eligible = None if game.eligible is None else [pad(name) for name in game.eligible]
    candidates = [pad(name) for name in game.candidates]
    assert game.count(candidates=candidates, ballots=padded, eligible=eligible) == game.count()


@given(rounds())
def test_unchecked_write_ins_are_exactly_the_counted_write_ins(game: Round) -> None:
    """R8: without an eligibility list every counted write-in is flagged; with one, none is."""
    outcome = game.count()
    write_ins = tuple(name for name in outcome.yes if name not in game.candidates)
    assert outcome.unchecked_write_ins == (write_ins if game.eligible is None else ())
    assert all(outcome.yes[name] > 0 for name in write_ins)


@st.composite
def decisive_rounds(draw: st.DrawFn) -> Round:
    """Rounds of valid yes-only ballots, where somebody is usually elected."""
    size = draw(st.integers(2, len(CANDIDATES)))
    candidates = CANDIDATES[:size]
    seats = draw(st.integers(2, size))
    voters = draw(st.integers(1, 25))
    chosen = st.lists(st.sampled_from(candidates), unique=True, max_size=seats)
    papers = draw(st.lists(chosen, min_size=voters, max_size=voters))
    ballots = [Ballot(dict.fromkeys(paper, Mark.YES)) for paper in papers]
    return Round(candidates, seats, voters, ballots, voters, voters, draw(rule_sets), None)


@given(decisive_rounds(), st.data())
def test_one_more_yes_never_unelects(game: Round, data: st.DataObject) -> None:
    """R11/R12: one more yes vote for an elected candidate never un-elects them."""
    before = game.count()
    winners = [name for name in before.elected if name in game.candidates]
    assume(winners)
    winner = data.draw(st.sampled_from(winners))
    flippable = [
        index
        for index, ballot in enumerate(game.ballots)
        if ballot_is_valid(ballot, seats=game.seats)
        and ballot.marks.get(winner) is not Mark.YES
        and ballot.choices < game.seats
        and not ballot.write_ins
    ]
    assume(flippable)
    index = data.draw(st.sampled_from(flippable))
    papers = list(game.ballots)
    marks = dict(papers[index].marks)
    marks[winner] = Mark.YES
    papers[index] = Ballot(marks)
    after = game.count(ballots=papers)
    assert after.yes[winner] == before.yes[winner] + 1
    assert winner in after.elected


@given(st.integers(1, 10**6), rule_sets)
def test_min_present_is_the_least_quorate_attendance(expected: int, rules: RuleSet) -> None:
    """R5: ``min_present(E)`` is the least P for which ``quorum_met`` holds."""
    least = min_present(expected, rules)
    assert quorum_met(expected=expected, present=least, rules=rules)
    assert not quorum_met(expected=expected, present=least - 1, rules=rules)


def test_min_present_exhaustively_for_small_meetings() -> None:
    """R5: for every E up to 300 and both settings, ``min_present`` is the least quorate P."""
    for rules in (RuleSet(), RuleSet(quorum="lenient")):
        for expected in range(1, 301):
            quorate = [
                present
                for present in range(expected + 1)
                if quorum_met(expected=expected, present=present, rules=rules)
            ]
            assert quorate[0] == min_present(expected, rules)
            assert quorate == list(range(quorate[0], expected + 1))


@given(
    st.integers(1, 500),
    st.fractions(min_value=Fraction(1, 5), max_value=1, max_denominator=100),
)
def test_min_candidates_is_the_least_meeting_the_margin(seats: int, margin: Fraction) -> None:
    """R6: ``C >= S + ceil(S*margin)``: the least C whose excess over S is at least the margin."""
    rules = RuleSet(differential_margin=margin)
    least = min_candidates(seats, rules)
    assert Fraction(least - seats, seats) >= margin
    assert Fraction(least - 1 - seats, seats) < margin
    assert differential_ok(least, seats, rules)
    assert not differential_ok(least - 1, seats, rules)


names = st.text(alphabet="王方李张丁于万马欧阳明华一二三　", min_size=1, max_size=4)


@given(st.lists(names, max_size=20))
def test_stroke_sort_is_a_stable_total_order(roster: list[str]) -> None:
    """R7: sorting permutes the names, sorts them by key, and sorting again changes nothing."""
    ordered = sort_by_strokes(roster)
    assert Counter(ordered) == Counter(roster)
    assert sort_by_strokes(ordered) == ordered
    keys = [stroke_key(name) for name in ordered]
    assert keys == sorted(keys)


@given(names, names)
def test_a_name_sorts_before_its_extensions(name: str, extension: str) -> None:
    """R7: "then the following characters of the name the same way": a prefix comes first."""
    assert stroke_key(name) <= stroke_key(name + extension)


members = st.builds(
    MemberFacts,
    status=st.sampled_from(["full", "probationary"]),
    rights=st.sampled_from(["normal", "party_probation", "detained", "arrested"]),
    party_probation_until=st.none() | st.dates(),
    exclusion=st.none()
    | st.sampled_from(
        ["illness", "abroad_self_funded", "bedridden", "away_unmoved", "serving_sentence"]
    ),
    exclusion_approved=st.booleans(),
)


@given(st.lists(members, max_size=40))
def test_expected_attendance_is_voters_less_approved_exclusions(roll: list[MemberFacts]) -> None:
    """R4: "Start from the members with voting rights (R1). Remove those approved for
    exclusion"; enabling more reasons never raises E."""
    voters = [member for member in roll if has_voting_rights(member, on=ON)]
    excluded = [
        member
        for member in voters
        if member.exclusion_approved
        and member.exclusion is not None
        and member.exclusion.value != "serving_sentence"
    ]
    assert expected_attendance(roll, on=ON) == len(voters) - len(excluded)
    wider = RuleSet(exclusion_reasons=[*RuleSet().exclusion_reasons, "serving_sentence"])
    assert expected_attendance(roll, on=ON, rules=wider) <= expected_attendance(roll, on=ON)


@given(st.lists(st.tuples(members, st.booleans()), max_size=40))
def test_meeting_figures_never_have_more_present_than_expected(roll: list) -> None:
    """R4/R5: P never exceeds E: an excluded member who attends is counted back into E; every
    other figure is the one computed member by member."""
    figures = meeting_figures(roll, on=ON)
    attendees = [member for member, attended in roll if attended]
    assert figures.present == present_voters(attendees, on=ON)
    assert figures.present <= figures.expected
    before = expected_attendance([member for member, _ in roll], on=ON)
    assert figures.expected == before + figures.excluded_attending
    voters = sum(1 for member, _ in roll if has_voting_rights(member, on=ON))
    assert figures.expected + figures.excluded == voters
