"""What the rules find wrong, as codes with parameters.

The rules never word a problem: each :class:`Problem` carries a :class:`Code`, the values the
wording needs and the rule-book paragraph it comes from. The app holds one wording per code, in
the user's language, so a page, a form error and a test read the same rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from types import MappingProxyType


class Code(StrEnum):
    """Every problem the rules return; the app words each one."""

    # R1 voting rights: why a member has no vote.
    PROBATIONARY = "rights.probationary"
    PARTY_PROBATION = "rights.party_probation"
    PARTY_PROBATION_UNTIL = "rights.party_probation_until"
    DETAINED = "rights.detained"
    ARRESTED = "rights.arrested"
    # R2 eligibility to stand.
    NO_VOTING_RIGHTS = "eligibility.no_voting_rights"
    REGISTERED_ELSEWHERE = "eligibility.registered_elsewhere"
    PARTY_AGE_UNKNOWN = "eligibility.party_age_unknown"
    PARTY_AGE_SHORT = "eligibility.party_age_short"
    BIRTH_DATE_UNKNOWN = "eligibility.birth_date_unknown"
    OVER_AGE = "eligibility.over_age"
    EDUCATION_UNKNOWN = "eligibility.education_unknown"
    EDUCATION_SHORT = "eligibility.education_short"
    # R3 committee size (warnings).
    SEATS_ABOVE_USUAL = "seats.above_usual"
    SEATS_EVEN = "seats.even"
    SEATS_BELOW_USUAL = "seats.below_usual"
    # R10 marking helpers.
    HELPER_IS_CANDIDATE = "helper.candidate"
    # R14 scrutineers.
    NO_SCRUTINEERS = "scrutineers.none"
    SCRUTINEER_IS_CANDIDATE = "scrutineers.candidate"
    SCRUTINEER_NOT_ELECTOR = "scrutineers.not_elector"
    # A campaign's timetable.
    TIMETABLE_END_BEFORE_START = "timetable.end_before_start"
    TIMETABLE_MISSING = "timetable.missing"
    TIMETABLE_OUTSIDE = "timetable.outside"
    TIMETABLE_ORDER = "timetable.order"
    TIMETABLE_TOO_SHORT = "timetable.too_short"
    TIMETABLE_TOO_SHORT_ALL = "timetable.too_short_all"
    # §1 delaying or advancing a renewal.
    SHIFT_NOT_LATER = "shift.not_later"
    SHIFT_NOT_EARLIER = "shift.not_earlier"
    SHIFT_IN_PAST = "shift.in_past"
    SHIFT_OVER_LIMIT = "shift.over_limit"


@dataclass(frozen=True)
class Problem:
    """One way in which a rule is not met.

    Attributes:
        code: what is wrong.
        params: the values its wording needs: names, counts, dates, or another :class:`Problem`
            (the reason behind this one). Read-only.
        rule: the rule-book paragraph, e.g. ``"R14"``.
        field: the form field the problem belongs to, when it belongs to one.
    """

    code: Code
    params: Mapping[str, object] = dataclass_field(default_factory=dict, hash=False)
    rule: str = ""
    field: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", Code(self.code))
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
