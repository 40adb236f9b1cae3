"""Project-level promises: deployment settings, the CJK font check, demo data, login throttling."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from branches import checks
from branches.models import Organisation, Role, Term
from members.idcard import check_char, id_number_problem, make_id_number
from members.models import Member, MemberStatus, RightsStatus, mask_id_number

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "a-real-secret-for-this-test-1234567890!",
        "ALLOWED_HOSTS": "huanjie.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the project's own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_production_refuses_the_development_secret(tmp_path):
    """DEBUG off with the development secret: the server will not start and every command
    warns, but tools that need no secret (makemigrations --check) still run."""
    env = {**os.environ, "DEBUG": "false", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    env.pop("SECRET_KEY", None)
    served = _run(env, "-c", "import config.wsgi")
    assert served.returncode != 0
    assert "SECRET_KEY" in served.stderr
    checked = _run(env, "manage.py", "check")
    assert "huanjie.W002" in checked.stderr
    assert _run(env, "manage.py", "check", "--fail-level", "WARNING").returncode != 0
    tool = _run(env, "manage.py", "makemigrations", "--check", "--dry-run")
    assert tool.returncode == 0, tool.stdout + tool.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    """Settings left unset mean production: no debug pages, the development secret refused."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    env.pop("DEBUG", None)
    env.pop("SECRET_KEY", None)
    served = _run(env, "-c", "import config.wsgi")
    assert served.returncode != 0
    assert "SECRET_KEY" in served.stderr
    env["SECRET_KEY"] = "y" * 50
    shown = _run(
        {**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        "-c", "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG)",
    )  # fmt: skip
    assert shown.stdout.strip() == "False", shown.stderr


def test_sessions_end_after_30_idle_minutes(client, users):
    """Issue 12: a session ends after 30 minutes without a request; each request extends it."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(users["viewer"])
    session = client.session
    first = session.get_expiry_date()
    client.get("/")
    assert client.session.get_expiry_age() <= 30 * 60
    assert client.session.get_expiry_date() >= first


def test_cjk_font_check_warns_with_the_fix(monkeypatch):
    monkeypatch.setattr(checks, "cjk_font_families", lambda: [])
    (warning,) = checks.check_cjk_font(None)
    assert warning.id == "huanjie.W001"
    assert "fonts-noto-cjk" in warning.hint
    monkeypatch.setattr(checks, "cjk_font_families", lambda: ["Noto Sans CJK SC"])
    assert checks.check_cjk_font(None) == []


def test_settings_are_chinese_by_default(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert "en" in dict(settings.LANGUAGES)


def test_no_cdn_in_templates():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for outside in ("https://", "http://", 'src="//', 'href="//'):
            assert outside not in text, f"{path} loads from outside: {outside}"


def test_seed_demo_is_idempotent(db, capsys):
    call_command("seed_demo")
    counts = (Organisation.objects.count(), Member.objects.count(), Term.objects.count(),
              Role.objects.count())  # fmt: skip
    call_command("seed_demo")
    assert counts == (
        Organisation.objects.count(),
        Member.objects.count(),
        Term.objects.count(),
        Role.objects.count(),
    )
    assert 200 <= counts[1] <= 600
    out = capsys.readouterr().out
    assert "zuzhi" in out
    assert "huanjie-demo" in out
    assert Member.objects.filter(status=MemberStatus.PROBATIONARY).exists()
    assert Member.objects.filter(rights=RightsStatus.PARTY_PROBATION).count() == 1
    assert {"village", "community"} <= set(Organisation.objects.values_list("category", flat=True))
    call_command("seed_demo", "--if-empty")
    assert Member.objects.count() == counts[1]


def test_seed_demo_covers_every_due_state(db):
    call_command("seed_demo")
    from branches.models import renewal_status

    states = {renewal_status(t.planned_end) for t in Term.objects.filter(actual_end__isnull=True)}
    assert {"overdue", "due", "ok"} <= states


def test_failed_logins_lock_the_account(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(3):
        client.post(url, {"username": "staff", "password": "wrong"})
    response = client.post(url, {"username": "staff", "password": "pw-123456!"})
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_and_logout(client, users):
    response = client.post(reverse("login"), {"username": "staff", "password": "pw-123456!"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("11010519491231002X", None),  # GB 11643 example
        ("11010519491231002x", None),
        ("110105194912310021", "校验位"),
        ("1101051949123100", "18位"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100AX", "前17位"),
    ],
)
def test_id_number_validation(value, problem):
    found = id_number_problem(value)
    assert (found is None) if problem is None else (problem in found)


def test_made_id_numbers_are_valid_and_masked():
    number = make_id_number("110105", date(1990, 1, 1), 123)
    assert id_number_problem(number) is None
    assert number[-1] == check_char(number[:17])
    assert mask_id_number("110105199001011234") == "110105********1234"


@pytest.mark.skipif(
    not (ROOT / "locale/en/LC_MESSAGES/django.mo").exists(),
    reason="the English catalogue is compiled by `make setup` (needs gettext's msgfmt)",
)
def test_english_is_available(client, users):
    client.force_login(users["staff"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("members:member_list")).content.decode()
    assert "Member roll" in page
    client.cookies["django_language"] = "zh-hans"
    assert "党员名册" in client.get(reverse("members:member_list")).content.decode()


def test_browser_language_does_not_switch_to_english(client, users):
    """Regression: an English browser got the English interface without asking for it."""
    client.force_login(users["staff"])
    page = client.get(reverse("members:member_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "党员名册" in page.content.decode()


def test_confirmations_are_not_inline_scripts():
    """Regression: an apostrophe in a translated confirm() text broke the script and the button
    acted without asking. Confirmation texts live in data-confirm attributes instead."""
    for path in (ROOT / "templates").rglob("*.html"):
        assert "confirm('" not in path.read_text(encoding="utf-8"), path


def test_database_connections_are_health_checked(settings):
    """Issue 12: a persistent connection the database dropped is replaced, not a 500."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
