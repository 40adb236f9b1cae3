"""Two gunicorn pools behind nginx (issue 13, item 7): the light pool serves the login page and the
ordinary pages at normal priority, the heavy pool a renewal's pages, documents, exports and
imports at a lower one; nginx routes by path. `make deploy-check` runs the layout, these tests
read its files."""

from __future__ import annotations

import multiprocessing
import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVICES = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
TEMPLATE = (ROOT / "deploy" / "nginx" / "nginx.conf.template").read_text(encoding="utf-8")

HEAVY = [
    "/renewals/11/",
    "/renewals/11/meeting/members/",
    "/renewals/11/congress/",
    "/renewals/11/rounds/3/totals/",
    "/renewals/11/preview/meeting_notice.pdf",
    "/renewals/11/documents/44/",
    "/renewals/11/archive.zip",
    "/renewals/11/count.xlsx",
    "/members/export.xlsx",
    "/members/import/",
    "/members/import/template.xlsx",
    "/members/exports/5/download/",
]
LIGHT = [
    "/accounts/login/",
    "/",
    "/dashboard/",
    "/renewals/",
    "/renewals/new/4/",
    "/members/",
    "/members/import/5/status/",
    "/members/exports/",
    "/members/exports/5/status/",
    "/organisations/",
    "/healthz",
    "/static/css/app.css",
]


def _config(monkeypatch, **env: str) -> dict:
    for name in ("GUNICORN_POOL", "GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_NICE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "gunicorn.py"))


def test_the_pools_differ_in_size_and_priority(monkeypatch):
    cores = multiprocessing.cpu_count()
    single = _config(monkeypatch)
    light = _config(monkeypatch, GUNICORN_POOL="light")
    heavy = _config(monkeypatch, GUNICORN_POOL="heavy")
    assert (single["workers"], single["threads"], single["nice"]) == (cores + 1, 8, 0)
    assert (light["workers"], light["threads"], light["nice"]) == (cores + 1, 8, 0)
    assert (heavy["workers"], heavy["threads"]) == (cores, 4)
    assert heavy["nice"] > 0
    assert _config(monkeypatch, GUNICORN_POOL="heavy", GUNICORN_NICE="5")["nice"] == 5
    with pytest.raises(ValueError, match="GUNICORN_POOL"):
        _config(monkeypatch, GUNICORN_POOL="medium")


def test_a_heavy_worker_lowers_its_own_priority(monkeypatch):
    """post_fork runs in the new worker: the priority is the worker's, not the master's."""
    config = _config(monkeypatch, GUNICORN_POOL="heavy")
    post_fork = config["post_fork"]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        post_fork(None, None)
        os.write(write, str(os.getpriority(os.PRIO_PROCESS, 0)).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    before = os.getpriority(os.PRIO_PROCESS, 0)
    assert int(os.read(read, 10)) == min(19, before + config["nice"])
    assert os.getpriority(os.PRIO_PROCESS, 0) == before


def test_nginx_runs_ahead_of_both_pools():
    """Every request passes through nginx: its workers get a core before a page being rendered
    (1.89x without it, 1.71x with it in one bench session, README)."""
    priority = re.search(r"^worker_priority (-?\d+);$", TEMPLATE, re.MULTILINE)
    assert priority
    assert int(priority.group(1)) < 0


def _heavy_patterns() -> list[re.Pattern[str]]:
    block = TEMPLATE.split("map $uri $huanjie_pool {", 1)[1].split("\n    }", 1)[0]
    return [re.compile(p) for p in re.findall(r'"~([^"]+)" \$\{HUANJIE_HEAVY_POOL\};', block)]


@pytest.mark.parametrize("path", HEAVY)
def test_nginx_sends_the_heavy_paths_to_the_heavy_pool(path):
    assert any(p.search(path) for p in _heavy_patterns()), path


@pytest.mark.parametrize("path", LIGHT)
def test_nginx_sends_the_other_paths_to_the_light_pool(path):
    assert not any(p.search(path) for p in _heavy_patterns()), path
    assert "default huanjie;" in TEMPLATE.split("map $uri $huanjie_pool {", 1)[1]


def test_compose_runs_both_pools_and_nginx_routes_to_them():
    web, heavy, nginx = SERVICES["web"], SERVICES["web-heavy"], SERVICES["nginx"]
    assert web["environment"]["GUNICORN_POOL"] == "light"
    assert heavy["environment"]["GUNICORN_POOL"] == "heavy"
    for service in (web, heavy):
        assert service["command"] == ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]
        assert "ports" not in service
        assert service["environment"]["TRUSTED_PROXY_COUNT"] == "1"
        assert "/healthz" in " ".join(service["healthcheck"]["test"])
    # nice weighs only inside a container: between the two, the cgroup weight.
    assert heavy["cpu_shares"] < web.get("cpu_shares", 1024)
    assert nginx["environment"]["HUANJIE_UPSTREAM"] == "web:8000"
    assert nginx["environment"]["HUANJIE_HEAVY_UPSTREAM"] == "web-heavy:8000"
    assert set(nginx["depends_on"]) == {"web", "web-heavy"}


@pytest.mark.skipif(shutil.which("envsubst") is None, reason="envsubst (gettext-base) is missing")
@pytest.mark.parametrize("heavy", ["", "10.0.0.1:8001,10.0.0.2:8001"])
def test_the_nginx_entrypoint_fills_in_the_heavy_pool(tmp_path, heavy):
    bin_dir, tls = tmp_path / "bin", tmp_path / "tls"
    bin_dir.mkdir()
    tls.mkdir()
    (bin_dir / "nginx").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "nginx").chmod(0o755)
    for name in ("fullchain.pem", "privkey.pem"):
        (tls / name).write_text("x")
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "NGINX_TEMPLATE": str(ROOT / "deploy/nginx/nginx.conf.template"),
        "NGINX_RUN_DIR": str(tmp_path / "run"),
        "NGINX_TLS_DIR": str(tls),
        "HUANJIE_UPSTREAM": "10.0.0.1:8000",
        "HUANJIE_HEAVY_UPSTREAM": heavy,
    }
    subprocess.run(  # noqa: S603 - the repository's own script
        ["/bin/sh", str(ROOT / "deploy/nginx/entrypoint.sh")], env=env, check=True
    )
    conf = (tmp_path / "run" / "nginx.conf").read_text(encoding="utf-8")
    upstream = conf.split("upstream huanjie_heavy {", 1)[1].split("}", 1)[0].split()
    routes = conf.split("map $uri $huanjie_pool {", 1)[1].split("}", 1)[0].split()
    if heavy:
        assert upstream[:4] == ["server", "10.0.0.1:8001;", "server", "10.0.0.2:8001;"]
        assert "huanjie_heavy;" in routes
    else:  # one pool: the heavy paths go to it too, in the same round robin
        assert upstream[:2] == ["server", "10.0.0.1:8000;"]
        assert "huanjie_heavy;" not in routes
    assert "proxy_pass http://$huanjie_pool;" in conf
