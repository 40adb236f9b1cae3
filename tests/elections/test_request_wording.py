"""The request prints the quorum and the majority of the renewal's own rule profile, and the
agenda of a branch that elects only its secretary (issue 11 item 10)."""

from __future__ import annotations

from django.template.loader import render_to_string

from elections.documents.prepare import request


def _text(renewal) -> str:
    template, context = request(renewal)
    return render_to_string(template, context)


def test_the_request_words_the_default_profile(planned):
    text = _text(planned)
    assert "到会有选举权的党员超过应到会人数的五分之四" in text
    assert "赞成票超过实到会有选举权的党员人数的半数" in text


def test_the_request_words_a_lenient_profile_counting_the_expected(planned):
    planned.rules = {**planned.rules, "quorum": "lenient", "majority_base": "expected"}
    planned.save(update_fields=["rules"])
    text = _text(planned)
    assert "到会有选举权的党员不少于应到会人数的五分之四" in text
    assert "赞成票超过应到会有选举权的党员人数的半数" in text


def test_a_secretary_only_branch_asks_to_elect_its_secretary(planned):
    planned.secretary_only = True
    planned.elect_deputy = False
    text = _text(planned)
    assert "（三）选举产生支部书记。" in text
    assert "新一届支部委员会（书记）" not in text
