"""Keying 25 papers at full speed: the stored rows, the tally sheet and the Excel count must equal
the papers (issue: no lost keystroke, nothing a voter wrote dropped).

城投公司党支部 (JG-09, 25 voters, 8 candidates for 5 seats) in the demo: everybody attends and
25 ballots come back. The counter types without pausing between keys or papers, with digits
(as with a Chinese input method on) and letters, a write-in of somebody who is not a member, an
over-marked paper, a write-in beside a "yes", a wrong paper corrected and a stray paper deleted.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from elections import demo as demo_steps
from elections import domain
from elections.selectors.count import write_in_names
from elections.services.rounds import round_open, round_record_returned

from .helpers import CHROMIUM, login, shot

if CHROMIUM is None:
    pytest.skip("browser tests need Debian's chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from openpyxl import load_workbook
from playwright.sync_api import expect

from elections.models import DocumentKind, Phase, Renewal
from tests.pdf_text import pdftotext

pytestmark = pytest.mark.e2e

MARK = {"Y": "yes", "1": "yes", "N": "no", "2": "no", "A": "abstain", "3": "abstain"}


def _papers(voter: str) -> list[tuple[str, str]]:
    """The 25 papers as marked: (keys as typed, write-ins)."""
    return [
        *[("YYYYYNNA", "")] * 6,
        *[("11112223", "")] * 6,  # digits, as typed with a Chinese input method on
        *[("YYYNYYNA", "")] * 5,
        ("YYYYNAAA", "王大锤"),  # a write-in of somebody who is not a member: a void mark
        ("YYYYYYAA", ""),  # over-marked: six "yes" for five seats, a spoilt paper
        ("YYYYAAAA", voter),  # a write-in beside a "yes" (no "no"): the write-in is void
        ("YYYNNAAA", voter),  # a valid write-in after a "no"
        ("NNNNNNNN", f"{voter} 王大锤 {voter}"),  # three write-ins: one counts
        ("33333333", ""),  # a blank paper, keyed as abstentions
        ("2YY1AA3N", ""),
        ("YYYYYAAA", ""),
    ]


def _type_paper(page, keys: str, write_ins: str) -> None:
    """Type one paper as a counter does: no pause, Enter, and a second Enter after a "no"."""
    page.keyboard.type(keys)
    if not any(MARK[k] == "no" for k in keys):
        if write_ins:  # a write-in without a "no": Tab to the write-in box
            page.keyboard.press("Tab")
            page.keyboard.insert_text(write_ins)
        page.keyboard.press("Enter")
        return
    page.keyboard.press("Enter")
    if write_ins:
        page.keyboard.insert_text(write_ins)
    page.keyboard.press("Enter")


def _stored(round_) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [
        (tuple(e.marks.get(n, "abstain") for n in round_.names), tuple(e.write_ins))
        for e in round_.ballots.order_by("number")
    ]


def _intended(round_, papers) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [
        (tuple(MARK[k] for k in keys), tuple(domain.normalize_name(n) for n in w.split()))
        for keys, w in papers
    ]


def pdf_text(data: bytes) -> str:
    return pdftotext(data, layout=True)


def test_25_papers_keyed_at_full_speed_are_stored_counted_and_printed_as_marked(demo, page):
    renewal = Renewal.objects.get(branch__code="JG-09", phase=Phase.VOTE)
    staff = get_user_model().objects.get(username="zuzhi")
    demo_steps.attend(renewal, actor=staff)
    round_ = round_open(actor=staff, renewal=renewal, kind="members", issued=25)
    round_record_returned(actor=staff, round_=round_, returned=25, mode="ballots")
    eligible = write_in_names(renewal, round_.meeting)
    voter = next(n for n in sorted(eligible) if n not in round_.names)
    papers = _papers(voter)
    assert len(papers) == 25

    base = demo.url
    login(page, base, "zuzhi")
    page.goto(f"{base}{reverse('elections:round_detail', args=[renewal.pk, round_.pk])}")
    keys = page.locator("#id_keys")
    expect(keys).to_be_focused()

    # The verdict shows before Enter: the void write-in and the spoilt paper.
    keys.fill("YYYYNAAA")
    page.keyboard.press("Enter")
    page.keyboard.insert_text("王大锤")
    expect(page.locator("#key-verdict")).to_contain_text("王大锤（不是可以当选的党员）")
    page.locator("#id_write_ins").fill("")
    keys.fill("YYYYYYAA")
    expect(page.locator("#key-verdict")).to_contain_text("废票")
    keys.fill("")
    keys.focus()
    # Enter on an empty box stores nothing: a blank paper is keyed as abstentions.
    page.keyboard.press("Enter")
    expect(page.locator("#key-message")).to_contain_text("弃权")

    # 22 papers, one of them wrong (the 3rd is keyed as the 1st), then a stray extra paper.
    typed = [*papers[:2], papers[0], *papers[3:22], ("AAAAAAAA", "")]
    for keys_, write_ins in typed:
        _type_paper(page, keys_, write_ins)
    expect(page.locator("#keyed-count")).to_have_text("23", timeout=20_000)
    expect(page.locator("#queue-count")).to_have_text("")
    assert round_.ballots.count() == 23

    # The stray paper is deleted (the page reloads with nothing queued or typed).
    stray = page.locator("#ballot-table tbody tr").first
    expect(stray).to_contain_text("23")
    page.once("dialog", lambda dialog: dialog.accept())
    stray.get_by_role("button", name="删除").click()
    expect(page.locator("#keyed-count")).to_have_text("22")

    # The 3rd paper is corrected in place.
    row3 = page.locator("#ballot-table tbody tr[data-entry]").nth(21 - 2)
    expect(row3.locator("td").first).to_have_text("3")
    row3.get_by_role("button", name="更正").click()
    keys.fill(papers[2][0])
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(page.locator("#key-message")).to_contain_text("已录入第 3 张")

    # The last three papers, at full speed; the last one reloads the page with the count.
    with page.expect_navigation(timeout=20_000):
        for keys_, write_ins in papers[22:]:
            _type_paper(page, keys_, write_ins)
    expect(page.locator("#keyed-count")).to_have_text("25")
    # Each write-in is judged in its place: the first 丁 counts, the repeat does not.
    row22 = page.locator("#ballot-table tbody tr[data-entry]").nth(25 - 22)
    expect(row22.locator("td").first).to_have_text("22")
    expect(row22).to_contain_text(f"{voter}、王大锤（无效）、{voter}（无效）")
    shot(page, "keying-25-papers")

    # Every stored row is the paper as marked, in the order typed.
    assert _stored(round_) == _intended(round_, papers)

    # The count: the rules engine on the intended papers, then the page, the sheet and workbook.
    expected = domain.count_round(
        candidates=round_.names, seats=round_.seats, issued=25, present=round_.present,
        expected=round_.expected,
        ballots=[domain.Ballot(dict(zip(round_.names, m, strict=True)), w)
                 for m, w in _intended(round_, papers)],
        eligible=set(eligible),
    )  # fmt: skip
    assert (expected.valid, expected.invalid) == (24, 1)
    assert expected.void_write_ins == {domain.normalize_name(voter): 2, "王大锤": 2}
    assert expected.yes[domain.normalize_name(voter)] == 2
    scrutineer = round_.meeting.scrutineers.first().name
    page.get_by_label("监票人确认").select_option(scrutineer)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="监票人确认，结束计票").click()
    expect(page.get_by_text("有效票 24 张，无效票 1 张", exact=False)).to_be_visible()

    tally = renewal.documents.filter(kind=DocumentKind.TALLY).latest("pk")
    text = "".join(pdf_text(tally.file.read()).split())  # pdftotext spaces out some names
    assert "另选他人无效" in text
    assert "—王大锤—无效标记2处，不计入" in text
    assert f"—{domain.normalize_name(voter)}—无效标记2处，不计入" in text
    valid = [m for m, w in _intended(round_, papers) if m.count("yes") + len(w) <= round_.seats]
    for index, name in enumerate(round_.names):
        marks = Counter(paper[index] for paper in valid)
        assert f"{index + 1}{name}{expected.yes[name]}{marks['no']}{marks['abstain']}" in text

    workbook = page.request.get(f"{base}{reverse('elections:count_export', args=[renewal.pk])}")
    assert workbook.ok
    rows = [
        [c for c in row if c is not None]
        for ws in load_workbook(io.BytesIO(workbook.body())).worksheets
        for row in ws.iter_rows(values_only=True)
    ]
    by_name = {row[1]: row for row in rows if len(row) > 3 and row[2] in ("候选人", "另选他人")}
    for name, votes in expected.yes.items():
        assert str(by_name[name][3]) == str(votes), name
    assert ["—", "王大锤", "另选他人无效", "—", "—", "—", "无效标记2处，不计入"] in rows
    assert ["—", voter, "另选他人无效", "—", "—", "—", "无效标记2处，不计入"] in rows
