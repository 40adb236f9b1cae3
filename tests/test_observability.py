"""Issue 13, items 1 and 6: /healthz, JSON logs with a request id, error reports with ID numbers
scrubbed (off unless SENTRY_DSN is set)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import errors, health, logs
from members.idcard import make_id_number

ROOT = Path(__file__).resolve().parent.parent
ID_NUMBER = make_id_number("110101", date(1980, 1, 1), 1)  # 18 characters with a valid check digit


def _json_lines(caplog) -> list[dict]:
    formatter = logs.JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


# --- /healthz ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_database_storage_and_an_honest_worker(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "worker": "not configured"},
    }
    assert list((tmp_path / "healthz").iterdir()) == []  # the probe file is deleted


@pytest.mark.django_db
def test_healthz_answers_any_host_over_http_in_production(client, settings):
    """Compose probes http://127.0.0.1:8000/healthz: no HTTPS redirect, no host refusal."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["huanjie.example.org"]
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/accounts/login/", HTTP_HOST="127.0.0.1:8000").status_code == 400


@pytest.mark.django_db
def test_healthz_fails_when_storage_is_not_writable(client, settings, tmp_path, caplog):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = str(blocked)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["storage"] == "error"
    assert response.json()["checks"]["database"] == "ok"
    assert "health check storage failed" in caplog.text  # the reason is logged, not shown


def test_healthz_fails_when_the_database_does_not_answer(monkeypatch):
    def broken() -> str:
        raise OSError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    monkeypatch.setitem(health.CHECKS, "storage", lambda: health.OK)
    status, body = health.health()
    assert status == 503
    assert body["checks"] == {"database": "error", "storage": "ok", "worker": "not configured"}


# --- request id and JSON logs ------------------------------------------------------------


@pytest.mark.django_db
def test_each_response_carries_a_request_id_that_its_log_lines_share(client, caplog):
    caplog.set_level(logging.INFO, logger="huanjie.request")
    first = client.get("/accounts/login/")
    second = client.get("/accounts/login/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    lines = [line for line in _json_lines(caplog) if line["logger"] == "huanjie.request"]
    assert [line["request_id"] for line in lines] == [
        first["X-Request-ID"],
        second["X-Request-ID"],
    ]
    assert lines[0]["status"] == 200
    assert lines[0]["method"] == "GET"
    assert lines[0]["path"] == "/accounts/login/"
    assert lines[0]["duration_ms"] >= 0
    assert lines[0]["user_id"] is None


@pytest.mark.django_db
def test_nginx_request_id_is_kept_and_a_forged_one_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="huanjie.request")
    kept = client.get("/accounts/login/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert kept["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    forged = client.get("/accounts/login/", HTTP_X_REQUEST_ID='x"\n{"level": "ERROR"}')
    assert forged["X-Request-ID"] != 'x"\n{"level": "ERROR"}'
    assert len(forged["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_the_request_log_names_the_user_and_never_the_query(client, users, caplog):
    caplog.set_level(logging.INFO, logger="huanjie.request")
    client.force_login(users["staff"])
    client.get("/members/", {"q": ID_NUMBER})
    line = [x for x in _json_lines(caplog) if x["logger"] == "huanjie.request"][-1]
    assert line["user_id"] == users["staff"].pk
    assert line["path"] == "/members/"
    assert ID_NUMBER not in json.dumps(line)


def test_the_json_formatter_writes_one_object_per_line_with_extras_and_traceback():
    logs.request_id.set("abc12345")
    try:
        raise ValueError(f"bad row {ID_NUMBER}")
    except ValueError:
        record = logging.LogRecord(
            "members.imports",
            logging.ERROR,
            __file__,
            1,
            "import %s failed",
            ("x",),
            sys.exc_info(),
        )
    record.rows = 3
    text = logs.JsonFormatter().format(record)
    assert "\n" not in text
    entry = json.loads(text)
    assert entry["message"] == "import x failed"
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "members.imports"
    assert entry["request_id"] == "abc12345"
    assert entry["rows"] == 3
    assert "ValueError: bad row [身份证号已隐去]" in entry["exception"]
    assert ID_NUMBER not in text
    assert entry["time"].endswith("+00:00")


def test_production_logs_are_json_and_development_logs_text():
    assert logs.logging_config(fmt="json", level="INFO")["handlers"]["console"]["formatter"] == (
        "json"
    )
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "k" * 50}
    env.pop("LOG_FORMAT", None)
    code = "from django.conf import settings; print(settings.LOGGING['handlers']['console'])"
    proc = subprocess.run(  # noqa: S603 - the project's own interpreter
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'formatter': 'json'" in proc.stdout


# --- error reports ------------------------------------------------------------------------


def test_id_numbers_are_scrubbed_from_every_string_of_an_event():
    lower_x = ID_NUMBER[:17] + "x"
    event = {
        "exception": {"values": [{"value": f"duplicate {ID_NUMBER}"}]},
        "request": {"url": f"https://h/members/?q={lower_x}", "query_string": f"q={ID_NUMBER}"},
        "extra": {"frames": [{"vars": {"id_number": f"'{ID_NUMBER}'", "count": 3}}]},
        "breadcrumbs": ({"message": f"SELECT ... WHERE id_number = '{ID_NUMBER}'"},),
        ID_NUMBER: "key too",
    }
    scrubbed = errors.before_send(event, {})
    assert ID_NUMBER not in json.dumps(scrubbed, default=list)
    assert lower_x not in json.dumps(scrubbed, default=list)
    assert scrubbed["exception"]["values"][0]["value"] == "duplicate [身份证号已隐去]"
    assert scrubbed["extra"]["frames"][0]["vars"]["count"] == 3
    crumb = errors.before_breadcrumb({"message": f"member {ID_NUMBER} saved"}, {})
    assert crumb == {"message": "member [身份证号已隐去] saved"}


def test_longer_numbers_are_not_mistaken_for_id_numbers():
    assert logs.scrub_id_numbers("order 12345678901234567890") == "order 12345678901234567890"
    assert logs.scrub_id_numbers(f"A{ID_NUMBER}") == f"A{ID_NUMBER}"
    assert logs.scrub_id_numbers(f"({ID_NUMBER})") == "([身份证号已隐去])"


def test_error_reporting_is_off_without_a_dsn(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # importing it would fail
    assert not errors.init_error_reporting("", environment="x", release=None, traces_sample_rate=0)


def test_a_dsn_without_the_sdk_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    with pytest.raises(ImproperlyConfigured, match="sentry-sdk is not installed"):
        errors.init_error_reporting(
            "https://k@errors.example.org/1", environment="x", release=None, traces_sample_rate=0
        )


def test_a_reported_error_reaches_the_transport_without_id_numbers():
    """A real SDK with a transport that keeps events instead of sending them."""
    sentry_sdk = pytest.importorskip("sentry_sdk")
    from sentry_sdk.transport import Transport

    sent: list[dict] = []

    class Keep(Transport):
        def capture_envelope(self, envelope) -> None:
            sent.extend(item.payload.json for item in envelope.items if item.payload.json)

    assert errors.init_error_reporting(
        "https://key@errors.example.org/1",
        environment="test",
        release=None,
        traces_sample_rate=0.0,
    )
    client = sentry_sdk.get_client()
    try:
        client.transport = Keep(client.options)
        try:
            raise ValueError(f"member {ID_NUMBER} already imported")
        except ValueError:
            sentry_sdk.capture_exception()
        sentry_sdk.flush()
    finally:
        sentry_sdk.init()  # no DSN: reporting off again for the rest of the run
    assert sent, "no event reached the transport"
    text = json.dumps(sent, default=str)
    assert "already imported" in text
    assert ID_NUMBER not in text
