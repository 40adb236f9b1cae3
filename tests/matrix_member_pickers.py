"""The member pickers' view of the access matrix (tests/branches/test_member_pickers.py), named
here so that tests/test_access_matrix.py counts it as covered."""

from __future__ import annotations

MEMBER_PICKER_VIEWS = {"branches:member_pick"}
