"""A PDF's text as a reader gets it, through poppler's pdftotext (installed by `make setup`).

Shared by the tests that check documents as text; not a test module itself.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

PDFTOTEXT = shutil.which("pdftotext")


def pdftotext(data: bytes, *, layout: bool = False) -> str:
    """The text of the PDF `data`: in reading order (-raw), or as laid out (-layout)."""
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(  # noqa: S603 - a fixed tool reading our own PDF from stdin
        [PDFTOTEXT, "-layout" if layout else "-raw", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
