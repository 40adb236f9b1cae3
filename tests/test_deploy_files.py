"""The deployment files (issue 13): docker-compose.yml, the Dockerfiles, .dockerignore,
.env.example, the gunicorn settings and the nginx template. `make deploy-check` runs them; these
tests read them."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deploy.dockerignore import context_files, is_excluded, read_patterns

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
SECRET_NAME = re.compile(r"PASSWORD|SECRET|KEY|TOKEN|DSN", re.IGNORECASE)
# ${NAME:-default} or ${NAME-default}: compose would start with a value nobody chose.
DEFAULTED = re.compile(r"\$\{(\w+):?-[^}]*\}")


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _one_offs() -> set[str]:
    """Services others wait for to finish (condition: service_completed_successfully)."""
    return {
        name
        for service in SERVICES.values()
        for name, dep in (service.get("depends_on") or {}).items()
        if isinstance(dep, dict) and dep.get("condition") == "service_completed_successfully"
    }


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_has_a_command_and_a_healthcheck(name):
    service = SERVICES[name]
    assert service.get("command"), f"{name} has no command"
    healthcheck = service.get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    if name in _one_offs():
        # A one-off task is healthy when it exits 0, which its dependants wait for.
        assert healthcheck == {"disable": True}
        assert service.get("restart") == "no"
    else:
        assert healthcheck["test"], f"{name}: empty healthcheck"
        assert service.get("restart") == "unless-stopped"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_no_service_has_a_default_secret(name):
    """A secret comes from .env or the environment; compose refuses to start without it."""
    for key, value in _environment(SERVICES[name]).items():
        for variable in DEFAULTED.findall(value):
            assert not SECRET_NAME.search(variable), f"{name}: {key} defaults {variable}"
        if SECRET_NAME.search(key) and "${" not in value:
            pytest.fail(f"{name}: {key} is written into docker-compose.yml")
        for password in re.findall(r"://[^:/@]+:([^@]+)@", value):
            assert password.startswith("${"), f"{name}: {key}"
            assert ":?" in password, f"{name}: {key} needs a value from .env"


def test_the_database_password_is_required():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "${POSTGRES_PASSWORD:?" in text
    assert "${POSTGRES_PASSWORD:-" not in text


def test_the_healthchecks_probe_healthz_and_gunicorn_reads_the_repo_config():
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "/healthz" in " ".join(SERVICES["nginx"]["healthcheck"]["test"])
    assert SERVICES["web"]["command"][:3] == ["gunicorn", "--config", "config/gunicorn.py"]
    # Only nginx is published: gunicorn behind it trusts one X-Forwarded-For entry.
    assert "ports" not in SERVICES["web"]
    assert _environment(SERVICES["web"])["TRUSTED_PROXY_COUNT"] == "1"


def test_dockerignore_keeps_secrets_and_data_out_of_the_image():
    patterns = read_patterns(ROOT / ".dockerignore")
    for path in [
        ".env",
        "config/.env",
        ".env.production",
        "db.sqlite3",
        "members/fixtures/copy.sqlite3",
        "media/imports/roll.xlsx",
        "backups/2026-11-28.dump",
        ".venv/bin/python",
        ".git/HEAD",
        ".git",
        "node_modules/x/index.js",
        "static/node_modules/x.js",
        "tls/privkey.pem",
        "staticfiles/staticfiles.json",
        "elections/__pycache__/x.cpython-311.pyc",
    ]:
        assert is_excluded(path, patterns), path
    for path in [".env.example", "manage.py", "config/settings.py", "static/css/app.css"]:
        assert not is_excluded(path, patterns), path


def test_the_image_context_of_this_checkout_holds_no_secret_or_data(tmp_path):
    """What `COPY . .` copies from a checkout that has a .env, a database and uploads."""
    repo = tmp_path / "repo"
    (repo / "config").mkdir(parents=True)
    (repo / "media" / "imports").mkdir(parents=True)
    for name in [".env", "db.sqlite3", "media/imports/roll.xlsx", "config/settings.py"]:
        (repo / name).write_text("x")
    (repo / ".dockerignore").write_text((ROOT / ".dockerignore").read_text(encoding="utf-8"))
    assert sorted(context_files(repo)) == [".dockerignore", "config/settings.py"]


def test_the_image_collects_static_files_for_production():
    """Collected with DEBUG=true there was no manifest, and every page of the image was a 500."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    collect = next(line for line in dockerfile.splitlines() if "collectstatic" in line)
    previous = dockerfile.splitlines()[dockerfile.splitlines().index(collect) - 1]
    assert "DEBUG=false" in previous + collect
    assert "DEBUG=true python manage.py collectstatic" not in dockerfile
    assert "staticfiles.json" in dockerfile
    # The build-time secret is set for that command only, never baked into the image.
    assert not re.search(r"^ENV .*SECRET_KEY", dockerfile, re.MULTILINE)
    assert "config/gunicorn.py" in dockerfile


def test_env_example_documents_every_line():
    """Each setting (commented out or not) follows a comment that explains it."""
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    setting = re.compile(r"^#? ?([A-Z][A-Z0-9_]+)=")
    for index, line in enumerate(lines):
        if setting.match(line):
            above = lines[:index]
            while above and setting.match(above[-1]):
                above.pop()
            assert above, line
            assert above[-1].startswith("#"), f"{line} has no explanation above it"
    names = {m.group(1) for line in lines if (m := setting.match(line))}
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS", "SENTRY_DSN"} <= names


def test_gunicorn_uses_threads_timeouts_and_recycles_workers(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert config["worker_class"] == "gthread"
    assert config["workers"] >= 2
    assert config["workers"] * config["threads"] >= 20  # 20 clients at once without queueing
    assert config["timeout"] > 180  # above IMPORT_TIME_LIMIT_SECONDS
    assert config["max_requests"] > 0
    assert config["max_requests_jitter"] > 0
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    assert runpy.run_path(str(ROOT / "config" / "gunicorn.py"))["workers"] == 5


def test_nginx_passes_the_client_and_never_serves_media():
    template = (ROOT / "deploy" / "nginx" / "nginx.conf.template").read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in template
    assert "proxy_set_header X-Forwarded-Proto https;" in template
    assert "proxy_set_header X-Request-ID $request_id;" in template
    assert "ssl_certificate ${NGINX_TLS_DIR}/fullchain.pem;" in template
    assert "/media" not in template.replace("# No location for /media/", "")
    assert "return 301 https://" in template


def test_the_nginx_entrypoint_generates_a_certificate_only_when_none_is_mounted():
    script = (ROOT / "deploy" / "nginx" / "entrypoint.sh").read_text(encoding="utf-8")
    assert 'if [ ! -s "$NGINX_TLS_DIR/fullchain.pem" ]' in script
    assert "openssl req -x509" in script
    check = subprocess.run(  # noqa: S603 - the repository's own script
        ["/bin/sh", "-n", str(ROOT / "deploy/nginx/entrypoint.sh")], check=False
    )
    assert check.returncode == 0


def test_the_placeholder_secret_of_env_example_is_refused(tmp_path):
    """A .env copied without filling it in must not serve with a key everyone can read."""
    line = next(
        x
        for x in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if x.startswith("SECRET_KEY=")
    )
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": line.split("=", 1)[1],
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
    }
    served = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode != 0
    assert "SECRET_KEY" in served.stderr


def test_the_worker_service_runs_the_documented_worker_command():
    """Issue 13, item 2: one job worker beside the web nodes, probed by its heartbeat."""
    worker = SERVICES["worker"]
    assert worker["command"] == ["python", "manage.py", "run_worker", "--concurrency", "2"]
    assert worker["healthcheck"]["test"] == ["CMD", "python", "manage.py", "check_worker"]
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert worker["environment"]["JOBS_BACKEND"] == "queue"
    assert "postgres://" in worker["environment"]["DATABASE_URL"]
