"""The Content-Security-Policy and the other security headers: every page carries them, and no
template served as a page holds what the policy refuses (inline scripts, style attributes or
blocks, on...= handlers), so nothing breaks silently in the browser (tests/e2e checks that too)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# Printed by WeasyPrint into PDFs, never served as pages: their <style> blocks stay.
DOCUMENT_TEMPLATES = TEMPLATES / "pdf"
REFUSED = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style block": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def refusals(text: str) -> list[str]:
    return [name for name, pattern in REFUSED.items() if pattern.search(text)]


def page_templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if not p.is_relative_to(DOCUMENT_TEMPLATES))


def test_the_check_finds_what_the_policy_refuses():
    assert refusals('<div style="width: 3em">') == ["style attribute"]
    assert refusals("<script>alert(1)</script>") == ["inline script"]
    assert refusals('<select onchange="this.form.submit()">') == ["event handler attribute"]
    assert refusals('<script src="/static/js/huanjie.js"></script><div class="x">') == []


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_page_templates_hold_nothing_the_policy_refuses(path):
    assert refusals(path.read_text()) == []


def _policy(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("elections_dashboard:dashboard"),
        reverse("members:import_upload"),
        reverse("members:member_list"),
    ],
)
def test_pages_carry_the_policy_and_the_usual_headers(client, users, url):
    client.force_login(users["staff"])
    response = client.get(url)
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert _policy(header) == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert refusals(response.content.decode()) == []


def test_login_page_carries_the_policy(client):
    response = client.get(reverse("login"))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert refusals(response.content.decode()) == []


# Run by `manage.py shell` under the production settings: the headers of one response.
_PRODUCTION_HEADERS = """
import json
from django.test import Client
response = Client().get("/", secure=True, HTTP_HOST="huanjie.example.org")
print(json.dumps(dict(response.headers)))
"""


def test_production_settings_send_the_policy_and_the_usual_headers(tmp_path):
    """DEBUG off, as deployed (the same settings pass `check --deploy`, tests/test_setup.py)."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "y" * 20 + "a-real-secret-for-this-test-1234567890!",
        "ALLOWED_HOSTS": "huanjie.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    proc = subprocess.run(  # noqa: S603 - the project's own interpreter and manage.py
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", _PRODUCTION_HEADERS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    headers = json.loads(proc.stdout.strip().splitlines()[-1])
    assert _policy(headers["Content-Security-Policy"]) == POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Strict-Transport-Security"].startswith("max-age=")
