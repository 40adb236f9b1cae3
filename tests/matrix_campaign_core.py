"""The campaign-core views of the access matrix (tests/test_access_matrix_campaign_core.py),
named here so that tests/test_access_matrix.py counts them as covered."""

from __future__ import annotations

#: GET views: (URL name, who may open it).
CAMPAIGN_CORE_PAGES = {
    "campaigns:list": "everyone",
    "campaigns:create": "planners",
    "campaigns:edit": "changers",
    "campaigns:scope": "viewers",
    "campaigns:launch": "changers",
    "campaigns:launch_status": "changers",
}
#: POST views: (URL name, who may post).
CAMPAIGN_CORE_POSTS = {
    "campaigns:create": "planners",
    "campaigns:edit": "changers",
    "campaigns:scope": "changers",
    "campaigns:launch": "changers",
}
CAMPAIGN_CORE_VIEWS = set(CAMPAIGN_CORE_PAGES) | set(CAMPAIGN_CORE_POSTS)
