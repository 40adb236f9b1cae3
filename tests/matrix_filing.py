"""The filing views and the campaign report of the access matrix
(tests/test_access_matrix_filing.py), named here so that tests/test_access_matrix.py counts them
as covered (through matrix_helpers.OWN_MATRIX_VIEWS)."""

from __future__ import annotations

FILING_VIEWS = {
    "filings:list",
    "filings:detail",
    "filings:document",
    "filings:acknowledge",
    "campaigns:report",
}
