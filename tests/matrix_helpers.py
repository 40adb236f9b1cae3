"""What tests/test_access_matrix.py builds and checks with: its world (made through the demo's
walks), a snapshot of every row, the answers a row of the matrix expects and their check, and the
printing of each PDF once."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from elections import demo
from elections.models import BallotEntry, DocumentKind, Elected, MeetingKind, Round
from elections.services.approve import renewal_approve_result
from elections.services.prepare import exclusion_add, renewal_open
from elections.services.publicise import notice_publish, objection_resolve, objection_submit
from members.models import ImportJob
from tests.campaign_ledger_helpers import LEDGER_VIEWS
from tests.conftest import make_member, make_tree, make_users
from tests.matrix_campaign_core import CAMPAIGN_CORE_VIEWS
from tests.matrix_filing import FILING_VIEWS
from tests.matrix_shifts import SHIFT_VIEWS


@dataclass(frozen=True)
class Page:
    """An HTML page whose <title> names `title` and whose body shows each of `texts`."""

    title: str
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class File:
    """A download of `content_type` whose bytes start with `magic` (and, for a stored document or
    the sealed archive, are the very bytes whose SHA-256 was kept); an upload is an attachment."""

    content_type: str
    magic: bytes
    sha256: Callable[[dict], str] | None = None
    attachment: bool = False


@dataclass(frozen=True)
class Json:
    """A JSON answer with these keys."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class Redirect:
    """A redirect to the address `to` gives for the world."""

    to: Callable[[dict], str]


# The export views: their matrix is tests/test_access_matrix_exports.py.
EXPORT_VIEWS = {
    "members:member_export",
    "members:export_list",
    "members:export_detail",
    "members:export_status",
    "members:export_download",
}

# Views whose matrix has a module of its own: tests/test_access_matrix.py counts them as covered.
OWN_MATRIX_VIEWS = EXPORT_VIEWS | SHIFT_VIEWS | CAMPAIGN_CORE_VIEWS | LEDGER_VIEWS | FILING_VIEWS

# Tables a login writes to: left out when the world is compared before and after a case.
VOLATILE = {"sessions.Session", "axes.AccessLog"}


def build_world() -> dict[str, Any]:
    """机关党委's tree and users; B1 held its last renewal (sealed: meetings, rounds, documents,
    the archive, a work report attached) and has started the next one (a pending exclusion); an
    import job."""
    tree = make_tree()
    users = make_users(tree)
    secretary, approver = users["secretary"], users["approver"]
    job = ImportJob.objects.create(
        organisation=tree["a"], created_by=users["staff"], original_name="x.xlsx", file="x.xlsx"
    )
    for _ in range(10):
        make_member(tree["b1"])
    past = renewal_open(actor=secretary, branch=tree["b1"])
    past = demo.plan(
        past, actor=secretary, work_report_file=SimpleUploadedFile("报告.pdf", b"%PDF-1.4 report")
    )
    past = demo.submit_request(past, actor=secretary, approver=approver)
    demo.hold_recommendation(past, actor=secretary)
    past = demo.vet_list(past, actor=secretary, approver=approver)
    past = notice_publish(actor=secretary, renewal=past, start=timezone.localdate())
    objection = objection_submit(renewal=past, text="意见", address="matrix")
    objection_resolve(actor=approver, objection=objection, outcome="已核实")
    past = demo.to_vote(past, actor=secretary)
    demo.prepare_meeting(past, actor=secretary)
    past = demo.hold_meeting(past, actor=secretary)
    past = renewal_approve_result(actor=approver, renewal=past)
    past = demo.seal(past, actor=secretary)
    round_ = Round.objects.get(meeting__renewal=past, meeting__kind=MeetingKind.MEMBERS)
    # The demo counts from totals; a keyed ballot gives the ballot pages a row to act on.
    ballot = BallotEntry.objects.create(round=round_, number=1, marks={round_.names[0]: "yes"})
    # One of the committee as if written in, checked before the approval.
    written = past.elected.last()
    Elected.objects.filter(pk=written.pk).update(
        write_in=True, checked_at=timezone.now(), checked_by_name="张审批", check_note="已审查。"
    )
    renewal = renewal_open(actor=secretary, branch=tree["b1"])
    exclusion = exclusion_add(actor=secretary, renewal=renewal, member=tree["m1"], reason="illness")
    return {
        **tree,
        "users": users,
        "job": job,
        "past": past,
        "doc": past.documents.get(kind=DocumentKind.REQUEST),
        "nominee": past.nominees.filter(formal=True).first(),
        "objection": objection,
        "round": round_,
        "ballot": ballot,
        "written": written,
        "renewal": renewal,
        "exclusion": exclusion,
    }


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, but what a login writes (sessions, access log, last login time)."""
    state = {}
    for model in apps.get_models():
        # The job queue's tables are not Django's (unmanaged) and exist on PostgreSQL only.
        if model._meta.label in VOLATILE or not model._meta.managed:
            continue
        columns = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        state[model._meta.label] = list(model.objects.order_by("pk").values_list(*columns))
    return state


class _LaidOut:
    """A printed document laid out once: `render()` and `write_pdf()` give the same result again."""

    def __init__(self, document) -> None:
        self.pages = document.pages
        self._document = document
        self._pdf: bytes | None = None

    def render(self) -> _LaidOut:
        return self

    def write_pdf(self) -> bytes:
        if self._pdf is None:
            self._pdf = self._document.write_pdf()
        return self._pdf


@contextmanager
def each_document_printed_once() -> Iterator[None]:
    """The same HTML is printed once for the module, not once for every role allowed to see it:
    who gets a PDF is the question here (its layout is tested in tests/elections)."""
    import weasyprint

    real = weasyprint.HTML
    printed: dict[tuple[str, str], _LaidOut] = {}

    def laid_out_once(*, string: str, base_url: str, **options: Any) -> _LaidOut:
        if (string, base_url) not in printed:
            document = real(string=string, base_url=base_url, **options).render()
            printed[string, base_url] = _LaidOut(document)
        return printed[string, base_url]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint, "HTML", laid_out_once)
        yield


def page_title(text: str) -> str:
    """The page's own part of its <title> (before " · 换届")."""
    found = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    assert found, "no <title>"
    return found.group(1).strip().rsplit(" · ", 1)[0]


def check(response, expect, world: dict) -> None:
    """The allowed half: the response is the page, file or redirect the row names."""
    if isinstance(expect, Redirect):
        assert response.status_code == 302, response.status_code
        assert response["Location"] == expect.to(world)
        return
    assert response.status_code == 200, response.status_code
    if isinstance(expect, Page):
        text = html.unescape(response.content.decode())
        assert expect.title in page_title(text)
        for piece in expect.texts:
            assert piece in text, piece
    elif isinstance(expect, File):
        assert response["Content-Type"] == expect.content_type
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert data.startswith(expect.magic)
        if expect.sha256 is not None:
            assert hashlib.sha256(data).hexdigest() == expect.sha256(world)
        if expect.attachment:
            assert response["Content-Disposition"].startswith("attachment;")
    else:
        assert set(expect.keys) <= set(response.json())
