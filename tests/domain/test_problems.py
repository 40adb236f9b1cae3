"""Problems as codes with parameters: what the rules return instead of sentences (issue 9)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from elections.domain import Code, Problem


def test_a_problem_is_a_frozen_value() -> None:
    """Two problems with the same code, parameters and rule are equal; neither can change."""
    problem = Problem(Code.SCRUTINEER_IS_CANDIDATE, {"name": "王芳"}, "R14", "scrutineers")
    assert problem == Problem("scrutineers.candidate", {"name": "王芳"}, "R14", "scrutineers")  # type: ignore[arg-type]
    assert problem != Problem(Code.SCRUTINEER_IS_CANDIDATE, {"name": "李明"}, "R14", "scrutineers")
    assert (
        len(
            {problem, Problem(Code.SCRUTINEER_IS_CANDIDATE, {"name": "王芳"}, "R14", "scrutineers")}
        )
        == 1
    )
    with pytest.raises(FrozenInstanceError):
        problem.rule = "R1"  # type: ignore[misc]
    with pytest.raises(TypeError):
        problem.params["name"] = "李明"  # type: ignore[index]


def test_params_are_copied() -> None:
    """Changing the mapping a problem was made from does not change the problem."""
    params: dict[str, object] = {"until": date(2025, 6, 2)}
    problem = Problem(Code.PARTY_PROBATION_UNTIL, params, "R1")
    params["until"] = date(2026, 1, 1)
    assert problem.params == {"until": date(2025, 6, 2)}


def test_unknown_codes_are_refused() -> None:
    """Every code is one the app words; a typo fails where it is made."""
    with pytest.raises(ValueError, match=r"scrutineer\.candidate"):
        Problem("scrutineer.candidate", {}, "R14")  # type: ignore[arg-type]
