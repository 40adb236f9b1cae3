"""The rule profile page's form data built from settings (shared by the rule profile tests)."""

from __future__ import annotations

from typing import Any

from elections import domain

PREFIX = "eligibility"


def profile_post(values: dict[str, Any], rules: list[dict] | None = None) -> dict[str, Any]:
    """POST data for the rule profile page: `values` as preset_values gives them (overrides
    included) and the eligibility `rules` as rows of the formset."""
    values = dict(values)
    rules = rules if rules is not None else values.pop("eligibility_rules", [])
    values.pop("eligibility_rules", None)
    years = dict(domain.DEFAULT_RULES.term_years) | dict(values.pop("term_years", {}) or {})
    items = values.pop("negative_list", []) or []
    data: dict[str, Any] = {
        k: ("on" if v is True else "" if v is False or v is None else v) for k, v in values.items()
    }
    data["negative_list"] = "\n".join(text for _code, text in items)
    for category, n in years.items():
        data[f"term_years_{category}"] = n
    data[f"{PREFIX}-TOTAL_FORMS"] = len(rules)
    data[f"{PREFIX}-INITIAL_FORMS"] = 0
    for i, rule in enumerate(rules):
        for key, value in rule.items():
            if value is True:
                data[f"{PREFIX}-{i}-{key}"] = "on"
            elif value not in (None, False):
                data[f"{PREFIX}-{i}-{key}"] = value
    return data
