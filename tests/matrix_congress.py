"""The congress views of the access matrix (tests/test_access_matrix_congress.py), named here so
that tests/test_access_matrix.py counts them as covered."""

from __future__ import annotations

#: GET views: (URL name, whose roles may see it).
CONGRESS_PAGES = {"elections:congress_page": "viewers"}
#: Downloads: (URL name, who may download).
CONGRESS_FILES = {"elections:delegate_list": "viewers", "elections:congress_method": "viewers"}
#: POST views: (URL name, who may post).
CONGRESS_POSTS = {
    "elections:congress_allot": "workers",
    "elections:congress_drop": "workers",
    "elections:unit_seats_change": "workers",
    "elections:unit_election_record": "workers",
    "elections:congress_approve": "approvers",
    "elections:delegate_check": "workers",
    "elections:congress_sign_in": "workers",
    "elections:congress_report_vote": "workers",
}
#: POST views of an electing unit's meeting (tests/test_access_matrix_units.py).
UNIT_POSTS = {
    "elections:unit_notice": "workers",
    "elections:unit_candidates": "workers",
    "elections:unit_method": "workers",
    "elections:unit_adjourn": "workers",
}
#: The papers (PDF) of an electing unit's meeting: (URL name, document slug) → who may see them.
UNIT_PAPERS = {
    ("elections:unit_document", "notice"): "viewers",
    ("elections:unit_document", "method"): "viewers",
    ("elections:unit_ballots", None): "viewers",
    ("elections:unit_attendance", None): "viewers",
}
CONGRESS_VIEWS = (
    set(CONGRESS_PAGES)
    | set(CONGRESS_FILES)
    | set(CONGRESS_POSTS)
    | set(UNIT_POSTS)
    | {name for name, _slug in UNIT_PAPERS}
)
