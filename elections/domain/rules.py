"""The rule profile (domain-rules §3): every setting a local election plan may choose.

A :class:`RuleSet` is immutable and validated when it is built, so every function that receives one
can trust it. Ratios are :class:`~fractions.Fraction`, never floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from ._checks import require_bool, require_int
from .eligibility import EligibilityRule, checked_rules
from .enums import BranchCategory, ExclusionReason
from .negative_list import NEGATIVE_LIST

QUORUM_MODES = ("strict", "lenient")
MAJORITY_BASES = ("present", "expected")
COMMITTEE_APPROVALS = ("record", "approve")
#: R15's setting for the first plenary's quorum: R5 with the committee as E, or more than half.
PLENARY_QUORUMS = ("same", "half")

#: The regulation's floor for the differential margin: candidates exceed seats by at least 20%.
MIN_DIFFERENTIAL_MARGIN = Fraction(1, 5)
#: Hard limits on committee seats (R3).
COMMITTEE_SEATS_FLOOR = 3
COMMITTEE_SEATS_CEILING = 7
#: The Party Constitution: a branch committee serves three to five years.
TERM_YEARS_RANGE = range(3, 6)

#: Keyed by BranchCategory, a str enum, so that it is a valid ``RuleSet.term_years``.
DEFAULT_TERM_YEARS: Mapping[str, int] = MappingProxyType(
    {
        category: 5 if category in (BranchCategory.VILLAGE, BranchCategory.COMMUNITY) else 3
        for category in BranchCategory
    }
)

#: Reasons enabled unless a profile says otherwise; serving a sentence and epidemic restrictions
#: are settings that are off by default (R4).
DEFAULT_EXCLUSION_REASONS = frozenset(
    {
        ExclusionReason.ILLNESS,
        ExclusionReason.ABROAD_SELF_FUNDED,
        ExclusionReason.BEDRIDDEN,
        ExclusionReason.AWAY_UNMOVED,
    }
)


def _require_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} 必须是 {' 或 '.join(choices)} 之一，而不是 {value!r}")


def _category(code: str) -> BranchCategory:
    try:
        return BranchCategory(code)
    except ValueError:
        known = "、".join(BranchCategory)
        raise ValueError(f"未知的支部类别 {code!r}；可选：{known}") from None


@dataclass(frozen=True)
class RuleSet:
    """One organisation's rule profile. Defaults are the rule book's defaults.

    Attributes:
        quorum: ``"strict"`` (elect only when ``5*P > 4*E``) or ``"lenient"`` (``5*P >= 4*E``).
        majority_base: ``"present"`` (D = voting members present) or ``"expected"`` (D = E) for R11.
        differential_margin: candidates must exceed seats by this share, rounded up (R6);
            at least 1/5, at most 1. An exact ``Decimal`` (from a database field) or ``int``
            is converted to a ``Fraction``; floats are refused.
        max_committee_seats: the largest committee a branch may elect, 3 to 7 (R3).
        term_years: years of a term per branch category; categories left out keep the default
            (village and community 5, the rest 3). Read it through :meth:`term_years_for`.
        publicity_days: length of the public notice of candidates.
        publicity_working_days: count the notice in working days instead of calendar days.
        meeting_notice_days: the members' meeting is announced at least this many days ahead.
        committee_approval: committee members are ``"record"`` (备案) or ``"approve"`` (审批) (R16).
        min_party_age_years: whole years since full membership a candidate needs (R2).
        eligibility_rules: age caps and minimum education per post, sex and nomination, hard
            or "in principle" (R2); :class:`EligibilityRule` objects or their JSON form.
        negative_list: the negative list (负面清单) checked at vetting, as (code, wording) pairs;
            by default "十不选" (R2).
        exclusion_reasons: reasons that may remove a member from the expected attendance (R4).
        exclusion_meeting_vote: an exclusion the superior approved leaves E only once the
            members' meeting has also voted for it (R4, "the meeting's vote").
        recommendation_top_n: ``None`` - a nominee needs more than half of the recommendation
            ballots; a number - the nominees with the most votes, up to that many, enter (R18).
        confidence_vote: nominees also need the confidence of at least half of the
            representatives voting (village and community branches, R18).
        direct_secretary_election: the members' meeting elects the secretary directly (R15).
        preliminary_notice: the preliminary list (候选人初步人选) is publicised, and its period
            has run, before the superior approves the candidates.
        appointment_notice_days: working days of the notice of the new committee (任职公示)
            after the result is approved; 0 - no such notice.
        plenary_quorum: the first plenary's quorum (R15): ``"same"`` - R5 (``quorum``) with the
            committee as E; ``"half"`` - more than half of the committee present.
    """

    quorum: str = "strict"
    majority_base: str = "present"
    differential_margin: Fraction = MIN_DIFFERENTIAL_MARGIN
    max_committee_seats: int = 5
    term_years: Mapping[str, int] = field(default_factory=lambda: DEFAULT_TERM_YEARS, hash=False)
    publicity_days: int = 5
    publicity_working_days: bool = False
    meeting_notice_days: int = 2
    committee_approval: str = "record"
    min_party_age_years: int = 1
    eligibility_rules: tuple[EligibilityRule, ...] = ()
    negative_list: tuple[tuple[str, str], ...] = NEGATIVE_LIST
    exclusion_reasons: frozenset[ExclusionReason] = DEFAULT_EXCLUSION_REASONS
    exclusion_meeting_vote: bool = False
    recommendation_top_n: int | None = None
    confidence_vote: bool = False
    direct_secretary_election: bool = False
    preliminary_notice: bool = False
    appointment_notice_days: int = 0
    plenary_quorum: str = "same"

    def __post_init__(self) -> None:
        _require_choice("quorum", self.quorum, QUORUM_MODES)
        _require_choice("majority_base", self.majority_base, MAJORITY_BASES)
        _require_choice("committee_approval", self.committee_approval, COMMITTEE_APPROVALS)
        object.__setattr__(self, "differential_margin", self._checked_margin())
        require_int(
            "max_committee_seats",
            self.max_committee_seats,
            COMMITTEE_SEATS_FLOOR,
            COMMITTEE_SEATS_CEILING,
        )
        object.__setattr__(self, "term_years", self._checked_term_years())
        require_int("publicity_days", self.publicity_days, 1)
        require_bool("publicity_working_days", self.publicity_working_days)
        require_int("meeting_notice_days", self.meeting_notice_days, 1)
        require_int("min_party_age_years", self.min_party_age_years, 0)
        object.__setattr__(self, "eligibility_rules", checked_rules(self.eligibility_rules))
        object.__setattr__(self, "negative_list", self._checked_negative_list())
        object.__setattr__(self, "exclusion_reasons", self._checked_exclusions())
        require_bool("exclusion_meeting_vote", self.exclusion_meeting_vote)
        if self.recommendation_top_n is not None:
            require_int("recommendation_top_n", self.recommendation_top_n, 1)
        require_bool("confidence_vote", self.confidence_vote)
        require_bool("direct_secretary_election", self.direct_secretary_election)
        require_bool("preliminary_notice", self.preliminary_notice)
        require_int("appointment_notice_days", self.appointment_notice_days, 0)
        _require_choice("plenary_quorum", self.plenary_quorum, PLENARY_QUORUMS)

    def _checked_margin(self) -> Fraction:
        margin = self.differential_margin
        if isinstance(margin, bool) or not isinstance(margin, Fraction | int | Decimal):
            raise ValueError(
                "differential_margin 必须是 Fraction 或 Decimal（如 Fraction(1, 5) 表示20%），"
                f"而不是 {margin!r}"
            )
        if isinstance(margin, Decimal) and not margin.is_finite():
            raise ValueError(
                f"差额比例必须是有限的数值，而不是 {margin}；"
                "请填写20%至100%之间的比例，如 Decimal('0.2') 或 Fraction(1, 5)"
            )
        margin = Fraction(margin)
        if margin < MIN_DIFFERENTIAL_MARGIN:
            raise ValueError(f"差额比例不得低于20%（1/5），而设置为 {margin}")
        if margin > 1:
            raise ValueError(f"差额比例 {margin} 超过100%；20% 应写作 Fraction(1, 5)，而不是 20")
        return margin

    def _checked_term_years(self) -> Mapping[str, int]:
        if not isinstance(self.term_years, Mapping):
            raise ValueError(
                f"term_years 必须是 支部类别 → 年数 的映射，而不是 {self.term_years!r}"
            )
        merged = dict(DEFAULT_TERM_YEARS)
        for code, years in self.term_years.items():
            category = _category(code)
            require_int(
                f"term_years[{category}]", years, TERM_YEARS_RANGE.start, TERM_YEARS_RANGE[-1]
            )
            merged[category] = years
        return MappingProxyType(merged)

    def _checked_negative_list(self) -> tuple[tuple[str, str], ...]:
        value = self.negative_list
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValueError(f"negative_list 必须是（代码, 内容）的列表，而不是 {value!r}")
        items: list[tuple[str, str]] = []
        for entry in value:
            if (
                isinstance(entry, str)
                or not isinstance(entry, Iterable)
                or len(pair := tuple(entry)) != 2
                or not all(isinstance(part, str) and part.strip() for part in pair)
            ):
                raise ValueError(f"负面清单每一项应为（代码, 内容），而不是 {entry!r}")
            items.append((pair[0].strip(), pair[1].strip()))
        if not items:
            raise ValueError("负面清单至少要有一项")
        codes = [code for code, _text in items]
        if len(set(codes)) != len(codes):
            raise ValueError("负面清单的代码不能重复")
        return tuple(items)

    def _checked_exclusions(self) -> frozenset[ExclusionReason]:
        if isinstance(self.exclusion_reasons, str) or not isinstance(
            self.exclusion_reasons, Iterable
        ):
            raise ValueError(
                "exclusion_reasons 必须是不计入应到会人数情形的集合，"
                f"而不是 {self.exclusion_reasons!r}"
            )
        reasons = list(self.exclusion_reasons)
        codes = {reason.value for reason in ExclusionReason}
        unknown = [
            reason for reason in reasons if not isinstance(reason, str) or reason not in codes
        ]
        if unknown:
            known = "、".join(ExclusionReason)
            raise ValueError(
                f"exclusion_reasons 中有未知情形：{'、'.join(map(repr, unknown))}；可选：{known}"
            )
        return frozenset(ExclusionReason(reason) for reason in reasons)

    def term_years_for(self, category: str) -> int:
        """Years of a committee term for a branch of ``category`` (e.g. ``"village"`` → 5)."""
        return self.term_years[_category(category)]

    def changed_settings(self) -> dict[str, object]:
        """The settings that differ from the rule book's defaults, for the result report (R17)."""
        default = DEFAULT_RULES
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }


DEFAULT_RULES = RuleSet()

#: Organs, schools, enterprises and other branches: three-year terms, no confidence vote.
ORGANS_PRESET = DEFAULT_RULES
#: Village and community branches: five-year terms and the representatives' confidence vote.
VILLAGE_PRESET = RuleSet(confidence_vote=True)

PRESETS: Mapping[str, RuleSet] = MappingProxyType(
    {"organs": ORGANS_PRESET, "village": VILLAGE_PRESET}
)
PRESET_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "organs": "机关、学校、企业等（任期3年）",
        "village": "农村、社区（任期5年，群众代表信任投票）",
    }
)
