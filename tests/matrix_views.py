"""The views whose access matrix lives in a module of its own (tests/test_access_matrix_*.py),
for tests/test_access_matrix.py's check that every view has one."""

from __future__ import annotations

from tests.matrix_campaign_board import CAMPAIGN_BOARD_VIEWS
from tests.matrix_congress import CONGRESS_VIEWS
from tests.matrix_member_pickers import MEMBER_PICKER_VIEWS

MODULE_VIEWS = CONGRESS_VIEWS | CAMPAIGN_BOARD_VIEWS | MEMBER_PICKER_VIEWS
