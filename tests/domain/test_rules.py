"""The rule profile (domain-rules §3): defaults, presets and validation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from elections.domain import (
    DEFAULT_RULES,
    ORGANS_PRESET,
    PRESET_LABELS,
    PRESETS,
    VILLAGE_PRESET,
    BranchCategory,
    ExclusionReason,
    RuleSet,
)


def test_defaults_are_the_rule_books() -> None:
    """§3: "quorum strict|lenient; majority base present|expected; differential margin (≥ 20%);
    ... publicity days ...; meeting-notice days; committee-member approval record|approve;
    minimum Party age for candidates ..." with the defaults named in §1-§2."""
    rules = RuleSet()
    assert rules.quorum == "strict"
    assert rules.majority_base == "present"
    assert rules.differential_margin == Fraction(1, 5)
    assert isinstance(rules.differential_margin, Fraction)
    assert rules.max_committee_seats == 5
    assert rules.publicity_days == 5
    assert rules.publicity_working_days is False
    assert rules.meeting_notice_days == 2
    assert rules.committee_approval == "record"
    assert rules.min_party_age_years == 1
    assert rules.eligibility_rules == ()
    assert [code for code, _text in rules.negative_list][:2] == ["politics", "criminal"]
    assert rules.recommendation_top_n is None
    assert rules.confidence_vote is False
    assert rules.direct_secretary_election is False
    assert rules == DEFAULT_RULES


@pytest.mark.parametrize(
    ("category", "years"),
    [
        ("organ", 3),
        ("institution", 3),
        ("enterprise", 3),
        ("school", 3),
        ("village", 5),
        ("community", 5),
        ("social", 3),
        ("retired", 3),
        ("other", 3),
    ],
)
def test_term_years_per_category(category: str, years: int) -> None:
    """§1: "a branch committee serves 3 years by default; village (农村) and community (社区)
    branches 5 years (setting per branch category)." """
    assert RuleSet().term_years_for(category) == years
    assert RuleSet().term_years_for(BranchCategory(category)) == years


def test_term_years_setting_overrides_one_category() -> None:
    """§3: "term years per branch category" is a setting; unnamed categories keep the default."""
    rules = RuleSet(term_years={"school": 5})
    assert rules.term_years_for("school") == 5
    assert rules.term_years_for("organ") == 3
    assert rules.term_years_for("village") == 5


def test_unknown_category_is_refused() -> None:
    """Branch categories are a closed list; an unknown code is a programming error."""
    with pytest.raises(ValueError, match="未知的支部类别"):
        RuleSet().term_years_for("army")
    with pytest.raises(ValueError, match="未知的支部类别"):
        RuleSet(term_years={"army": 3})


def test_presets() -> None:
    """§3: "Two presets: organs, schools, enterprises (3-year term) and village / community
    (5-year term, representatives' confidence vote)." """
    assert ORGANS_PRESET.term_years_for("organ") == 3
    assert ORGANS_PRESET.confidence_vote is False
    assert VILLAGE_PRESET.term_years_for("village") == 5
    assert VILLAGE_PRESET.term_years_for("community") == 5
    assert VILLAGE_PRESET.confidence_vote is True
    assert set(PRESETS) == set(PRESET_LABELS) == {"organs", "village"}


def test_default_exclusion_reasons() -> None:
    """R4: serving a sentence without Party discipline and epidemic restrictions are settings;
    the other reasons always apply."""
    assert RuleSet().exclusion_reasons == {
        ExclusionReason.ILLNESS,
        ExclusionReason.ABROAD_SELF_FUNDED,
        ExclusionReason.BEDRIDDEN,
        ExclusionReason.AWAY_UNMOVED,
    }
    enabled = RuleSet(exclusion_reasons=["serving_sentence", "epidemic"])
    assert enabled.exclusion_reasons == {
        ExclusionReason.SERVING_SENTENCE,
        ExclusionReason.EPIDEMIC,
    }


@pytest.mark.parametrize(
    ("margin", "allowed"),
    [
        (Fraction(1, 5), True),
        (Fraction(1, 4), True),
        (Fraction(1, 3), True),
        (1, True),
        (Fraction(19, 100), False),
        (Fraction(1, 6), False),
        (0, False),
        (Fraction(101, 100), False),
        (20, False),
    ],
)
def test_differential_margin_never_below_a_fifth(margin: Fraction | int, allowed: bool) -> None:
    """R6: "The ratio may be raised by setting, never lowered." A margin above 100% is refused
    as a likely typing error (20 for 20%)."""
    if allowed:
        assert RuleSet(differential_margin=margin).differential_margin == Fraction(margin)
    else:
        with pytest.raises(ValueError, match="差额比例"):
            RuleSet(differential_margin=margin)


def test_differential_margin_refuses_floats() -> None:
    """Ratios are exact: a float margin is refused (0.2 is not exactly 1/5); a Decimal from a
    database field is exact and becomes a Fraction."""
    with pytest.raises(ValueError, match="Fraction"):
        RuleSet(differential_margin=0.25)  # type: ignore[arg-type]
    margin = RuleSet(differential_margin=Decimal("0.25")).differential_margin  # type: ignore[arg-type]
    assert margin == Fraction(1, 4)
    assert isinstance(margin, Fraction)
    with pytest.raises(ValueError, match="差额比例不得低于20%"):
        RuleSet(differential_margin=Decimal("0.19"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quorum": "loose"}, "quorum 必须是 strict 或 lenient 之一，而不是 'loose'"),
        ({"majority_base": "voters"}, "majority_base 必须是 present 或 expected 之一"),
        ({"committee_approval": "ignore"}, "committee_approval 必须是 record 或 approve 之一"),
        ({"max_committee_seats": 2}, "max_committee_seats应为3至7，而不是2"),
        ({"max_committee_seats": 8}, "max_committee_seats应为3至7，而不是8"),
        ({"max_committee_seats": True}, "max_committee_seats必须是整数，而不是 True"),
        ({"term_years": {"organ": 2}}, r"term_years\[organ\]应为3至5，而不是2"),
        ({"term_years": {"village": 6}}, r"term_years\[village\]应为3至5，而不是6"),
        ({"term_years": [("organ", 3)]}, "term_years 必须是 支部类别 → 年数 的映射"),
        ({"publicity_days": 0}, "publicity_days应为不小于1，而不是0"),
        ({"publicity_working_days": "yes"}, "publicity_working_days必须是 True 或 False"),
        ({"meeting_notice_days": 0}, "meeting_notice_days应为不小于1，而不是0"),
        ({"min_party_age_years": -1}, "min_party_age_years应为不小于0，而不是-1"),
        ({"min_party_age_years": 1.5}, "min_party_age_years必须是整数，而不是 1.5"),
        (
            {"eligibility_rules": [{"kind": "max_age", "limit": 10}]},
            "年龄上限应为18至100，而不是10",
        ),
        ({"eligibility_rules": "max_age"}, "eligibility_rules 必须是资格条件的列表"),
        ({"negative_list": []}, "负面清单至少要有一项"),
        ({"negative_list": [("a", "x"), ("a", "y")]}, "负面清单的代码不能重复"),
        ({"negative_list": [("a", "")]}, "负面清单每一项应为（代码, 内容）"),
        (
            {"exclusion_reasons": ["holiday", "illness"]},
            "exclusion_reasons 中有未知情形：'holiday'；可选：illness、abroad_self_funded",
        ),
        ({"exclusion_reasons": "illness"}, "exclusion_reasons 必须是不计入应到会人数情形的集合"),
        ({"recommendation_top_n": 0}, "recommendation_top_n应为不小于1，而不是0"),
        ({"confidence_vote": 1}, "confidence_vote必须是 True 或 False，而不是 1"),
        ({"direct_secretary_election": None}, "direct_secretary_election必须是 True 或 False"),
        ({"differential_margin": "1/5"}, "differential_margin 必须是 Fraction 或 Decimal"),
        ({"differential_margin": Decimal("Infinity")}, "差额比例必须是有限的数值，而不是 Infinity"),
        ({"differential_margin": Decimal("-Infinity")}, "差额比例必须是有限的数值"),
        ({"differential_margin": Decimal("NaN")}, r"差额比例必须是有限的数值，而不是 NaN；.*0\.2"),
        ({"differential_margin": Decimal("sNaN")}, "差额比例必须是有限的数值"),
    ],
)
def test_invalid_settings_raise(overrides: dict, message: str) -> None:
    """Issue 3: "Invalid settings raise ValueError when the RuleSet is built", with a message
    that names the setting and what is wanted instead."""
    with pytest.raises(ValueError, match=message):
        RuleSet(**overrides)


def test_exclusion_reasons_accept_any_iterable() -> None:
    """R4's enabled reasons may come from any iterable of codes, read once."""
    rules = RuleSet(exclusion_reasons=iter(["illness", ExclusionReason.EPIDEMIC]))
    assert rules.exclusion_reasons == {ExclusionReason.ILLNESS, ExclusionReason.EPIDEMIC}


@pytest.mark.parametrize("seats", [3, 4, 5, 6, 7])
def test_max_committee_seats_accepts_hard_limits(seats: int) -> None:
    """R3: "hard limits 3 to 7"."""
    assert RuleSet(max_committee_seats=seats).max_committee_seats == seats


def test_rule_set_is_frozen_and_hashable() -> None:
    """A profile is an immutable value: it can be shared and used as a key."""
    rules = RuleSet()
    with pytest.raises(AttributeError):
        rules.quorum = "lenient"  # type: ignore[misc]
    assert hash(rules) == hash(RuleSet())
    assert RuleSet(quorum="lenient") != rules
    assert {rules: "default"}[RuleSet()] == "default"
    assert dict(rules.term_years) == {
        "organ": 3,
        "institution": 3,
        "enterprise": 3,
        "school": 3,
        "village": 5,
        "community": 5,
        "social": 3,
        "retired": 3,
        "other": 3,
    }
    with pytest.raises(TypeError):
        rules.term_years["organ"] = 5  # type: ignore[index]


def test_changed_settings_lists_differences_from_defaults() -> None:
    """R17: the result report lists "any rule settings that differ from the defaults"."""
    assert RuleSet().changed_settings() == {}
    changed = RuleSet(quorum="lenient", majority_base="expected").changed_settings()
    assert changed == {"quorum": "lenient", "majority_base": "expected"}
    assert set(VILLAGE_PRESET.changed_settings()) == {"confidence_vote"}
