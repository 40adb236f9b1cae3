"""Pure-Python election rules for Party-branch term renewals (domain-rules §2 and §3).

Nothing here imports Django: views, forms, documents, admin and the command line all call these
functions with plain values.
"""

from .ballots import Ballot, Mark, ballot_is_valid
from .delegates import (
    allot_delegates,
    congress_min_present,
    congress_quorum_met,
    delegate_differential_ok,
    delegate_min_candidates,
)
from .eligibility import EligibilityRule, waivable, whole_years
from .enums import BranchCategory, ExclusionReason, MemberStatus, Post, RightsStatus
from .meeting import (
    marking_helper_problem,
    needs_superior_approval,
    scrutineer_problems,
    secretary_electorate,
)
from .names import normalize_name
from .order import characters_without_stroke_data, sort_by_strokes, stroke_key
from .outcome import RoundOutcome, RoundResult, seat_reduction_allowed
from .periods import (
    DUE_SOON_DAYS,
    add_years,
    holiday_data_covers,
    is_working_day,
    latest_meeting_notice,
    meeting_notice_ok,
    publicity_last_day,
    publicity_over,
    publicity_running,
    renewal_due_window,
    renewal_due_within,
    renewal_overdue,
    renewal_shift_ok,
    term_end,
)
from .problems import Code, Problem
from .quorum import (
    majority_base,
    majority_threshold,
    min_present,
    plenary_min_present,
    plenary_quorum_met,
    quorum_met,
)
from .recommend import (
    RecommendationOutcome,
    confidence_passed,
    preliminary_list,
    recommendation_valid,
)
from .rights import (
    MeetingFigures,
    MemberFacts,
    eligibility_problems,
    expected_attendance,
    has_voting_rights,
    is_excluded,
    meeting_figures,
    party_age_years,
    present_voters,
    voting_rights_problem,
)
from .rules import (
    DEFAULT_RULES,
    ORGANS_PRESET,
    PLENARY_QUORUMS,
    PRESET_LABELS,
    PRESETS,
    VILLAGE_PRESET,
    RuleSet,
)
from .sizing import (
    SeatLimits,
    committee_seat_warnings,
    committee_seats,
    differential_ok,
    min_candidates,
    seat_limits,
    seat_warnings,
)
from .supplementary import supplementary_field
from .tally import count_round, count_totals, void_write_ins, write_in_verdicts

__all__ = [
    "DEFAULT_RULES",
    "DUE_SOON_DAYS",
    "ORGANS_PRESET",
    "PLENARY_QUORUMS",
    "PRESETS",
    "PRESET_LABELS",
    "VILLAGE_PRESET",
    "Ballot",
    "BranchCategory",
    "Code",
    "EligibilityRule",
    "ExclusionReason",
    "Mark",
    "MeetingFigures",
    "MemberFacts",
    "MemberStatus",
    "Post",
    "Problem",
    "RecommendationOutcome",
    "RightsStatus",
    "RoundOutcome",
    "RoundResult",
    "RuleSet",
    "SeatLimits",
    "add_years",
    "allot_delegates",
    "ballot_is_valid",
    "characters_without_stroke_data",
    "committee_seat_warnings",
    "committee_seats",
    "confidence_passed",
    "congress_min_present",
    "congress_quorum_met",
    "count_round",
    "count_totals",
    "delegate_differential_ok",
    "delegate_min_candidates",
    "differential_ok",
    "eligibility_problems",
    "expected_attendance",
    "has_voting_rights",
    "holiday_data_covers",
    "is_excluded",
    "is_working_day",
    "latest_meeting_notice",
    "majority_base",
    "majority_threshold",
    "marking_helper_problem",
    "meeting_figures",
    "meeting_notice_ok",
    "min_candidates",
    "min_present",
    "needs_superior_approval",
    "normalize_name",
    "party_age_years",
    "plenary_min_present",
    "plenary_quorum_met",
    "preliminary_list",
    "present_voters",
    "publicity_last_day",
    "publicity_over",
    "publicity_running",
    "quorum_met",
    "recommendation_valid",
    "renewal_due_window",
    "renewal_due_within",
    "renewal_overdue",
    "renewal_shift_ok",
    "scrutineer_problems",
    "seat_limits",
    "seat_reduction_allowed",
    "seat_warnings",
    "secretary_electorate",
    "sort_by_strokes",
    "stroke_key",
    "supplementary_field",
    "term_end",
    "void_write_ins",
    "voting_rights_problem",
    "waivable",
    "whole_years",
    "write_in_verdicts",
]
