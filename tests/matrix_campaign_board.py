"""The campaign board's views of the access matrix (tests/test_access_matrix_campaign_board.py),
named here so that tests/test_access_matrix.py counts them as covered."""

from __future__ import annotations

#: GET views: (URL name, whose roles may see it).
CAMPAIGN_BOARD_PAGES = {"campaigns:board": "viewers", "campaigns:risk": "judges"}
#: POST views: (URL name, who may post).
CAMPAIGN_BOARD_POSTS = {"campaigns:risk": "judges"}
CAMPAIGN_BOARD_VIEWS = set(CAMPAIGN_BOARD_PAGES) | set(CAMPAIGN_BOARD_POSTS)
