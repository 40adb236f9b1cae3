"""The delay and early renewal views of the access matrix (tests/test_access_matrix_shifts.py),
named here so that tests/test_access_matrix.py counts them as covered."""

from __future__ import annotations

#: URL name: the roles of the matrix's world that may use it (everybody else gets a 404).
SHIFT_PAGES = {
    "elections:shift_request": {"staff", "secretary", "admin"},
    "elections:shift_detail": {"staff", "secretary", "approver", "viewer", "admin"},
}
SHIFT_POSTS = {
    "elections:shift_request": {"staff", "secretary", "admin"},
    "elections:shift_decide": {"approver", "admin"},
    "elections:shift_withdraw": {"staff", "secretary", "admin"},
}
SHIFT_VIEWS = set(SHIFT_PAGES) | set(SHIFT_POSTS)
