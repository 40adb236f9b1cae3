"""Documents of a renewal as bytes: one builder per document, one PDF pipeline (WeasyPrint) for all.

Builders read through the selectors; storing an issued document is the services' work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from branches.official import official
from elections.models import DocumentKind, Renewal

from . import approve, archive, congress, meeting, prepare, rounds, units
from .pdf import render_pdf

Builder = Callable[..., tuple[str, dict[str, Any]]]

BUILDERS: dict[str, Builder] = {
    DocumentKind.REQUEST: prepare.request,
    DocumentKind.REQUEST_REPLY: prepare.request_reply,
    DocumentKind.NOTICE: prepare.notice,
    DocumentKind.PRELIMINARY_NOTICE: prepare.preliminary_notice,
    DocumentKind.APPOINTMENT_NOTICE: prepare.appointment_notice,
    DocumentKind.MEETING_NOTICE: meeting.meeting_notice,
    DocumentKind.METHOD: meeting.method,
    DocumentKind.UNIT_NOTICE: units.unit_notice,
    DocumentKind.UNIT_METHOD: units.unit_method,
    DocumentKind.CONGRESS_METHOD: congress.congress_method,
    DocumentKind.CONGRESS_NOTICE: congress.congress_notice,
    DocumentKind.TALLY: rounds.tally,
    DocumentKind.RESULT_REPORT: approve.result_report,
    DocumentKind.RESULT_REPLY: approve.result_reply,
    DocumentKind.SUMMARY: archive.summary,
}


@official
def build_pdf(renewal: Renewal, kind: str, **params: Any) -> bytes:
    """`params` go to the builder: `round_` for a tally sheet, `unit` for a unit's documents."""
    template, context = BUILDERS[kind](renewal, **params)
    return render_pdf(template, context)
