"""The ballot PDF: one laid-out sheet, repeated as many times as ballots are issued."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from elections.documents.ballots import BallotSheet, ballot_pdf, default_instructions

CANDIDATES = ("丁海燕", "于建国", "王立新", "方晓梅", "李明", "张卫东", "欧阳秀兰")
SEATS = 5


def make_sheet(
    *,
    candidates: tuple[str, ...] = CANDIDATES,
    seats: int = SEATS,
    allow_write_ins: bool = True,
) -> BallotSheet:
    return BallotSheet(
        title="中共市财政局机关第一支部委员会委员选举选票",
        branch="中共市财政局机关第一支部",
        heading_note="第一轮选举",
        seats=seats,
        candidates=candidates,
        allow_write_ins=allow_write_ins,
        instructions=default_instructions(seats, allow_write_ins=allow_write_ins),
        meeting_date="2025年6月18日",
    )


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def pdf_text(data: bytes, tmp_path: Path, *, page: int = 1) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "ballot.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603 - fixed tool on a file the test wrote
        [pdftotext, "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def thousand() -> bytes:
    return ballot_pdf(make_sheet(), 1000)


@pytest.mark.parametrize("copies", [1, 3])
def test_one_page_per_copy(copies):
    assert page_count(ballot_pdf(make_sheet(), copies)) == copies


def test_every_candidate_mark_column_and_the_seats_are_printed(thousand, tmp_path):
    for page in (1, 1000):
        text = pdf_text(thousand, tmp_path, page=page)
        for name in CANDIDATES:
            assert name in text
        for label in ("赞成", "不赞成", "弃权", "另选他人", "应选 5 名", "第一轮选举"):
            assert label in text
        assert "本选票不记名" in text


def test_candidates_keep_the_given_order(tmp_path):
    """R7 is applied before the sheet is built: the ballot prints the names as given."""
    given = ("张卫东", "丁海燕", "欧阳秀兰", "王立新")
    text = pdf_text(ballot_pdf(make_sheet(candidates=given, seats=3), 1), tmp_path)
    positions = [text.index(name) for name in given]
    assert positions == sorted(positions)


@pytest.mark.parametrize("copies", [0, 5001, -1])
def test_copies_outside_1_to_5000_are_refused(copies):
    with pytest.raises(ValueError, match="选票份数"):
        ballot_pdf(make_sheet(), copies)


def test_a_thousand_copies_share_one_page_content(thousand):
    assert len(thousand) < 1_000_000
    with pikepdf.open(io.BytesIO(thousand)) as pdf:
        assert len(pdf.pages) == 1000
        first = pdf.pages[0].obj
        last = pdf.pages[-1].obj
        assert first.objgen != last.objgen
        assert first.Contents.objgen == last.Contents.objgen
        assert first.Resources.objgen == last.Resources.objgen


def test_no_write_in_section_when_write_ins_are_not_allowed(tmp_path):
    text = pdf_text(ballot_pdf(make_sheet(allow_write_ins=False), 1), tmp_path)
    assert "另选他人" not in text
    assert "不赞成" in text


def test_twelve_candidates_and_ten_write_in_rows_fit_one_page():
    names = (*CANDIDATES, "陈静", "林峰", "周强", "郑红", "赵六")
    assert page_count(ballot_pdf(make_sheet(candidates=names, seats=10), 2)) == 2


def test_a_sheet_that_cannot_fit_one_page_is_refused():
    names = tuple(f"候选人{i}" for i in range(30))
    with pytest.raises(ValueError, match="排不进一页"):
        ballot_pdf(make_sheet(candidates=names, seats=25), 1)


def test_default_instructions_state_the_marks_and_the_seat_limit():
    """R8: 赞成、不赞成、弃权 (a blank is an abstention); only a “no” may be followed by a write-in.
    R9: a ballot is invalid when yes marks + write-ins exceed the seats."""
    with_write_ins = "".join(default_instructions(5, allow_write_ins=True))
    assert "“○”" in with_write_ins
    assert "“×”" in with_write_ins
    assert "“△”" in with_write_ins
    assert "不划任何符号的视为弃权" in with_write_ins
    assert "另选他人" in with_write_ins
    assert "多于应选名额5名的为废票" in with_write_ins
    without = "".join(default_instructions(3, allow_write_ins=False))
    assert "另选他人" not in without
    assert "多于应选名额3名的为废票" in without
