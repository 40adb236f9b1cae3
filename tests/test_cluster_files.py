"""Several app nodes (issue 13, item 5): nginx's upstream lists them all, each names itself on its
responses, the demo can be seeded without its renewals, and the deployment checks' browser fills
in forms as a browser does. `make cluster-check` runs them together (deploy/cluster.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from branches.models import Organisation
from deploy.client import Client as CheckBrowser
from deploy.client import FormParser, Page
from elections.models import Renewal

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("envsubst") is None, reason="envsubst (gettext-base) is missing")
def test_the_nginx_entrypoint_lists_every_app_node_in_the_upstream(tmp_path):
    """HUANJIE_UPSTREAM names the nodes, comma-separated; nginx takes them in turn."""
    bin_dir, tls = tmp_path / "bin", tmp_path / "tls"
    bin_dir.mkdir()
    tls.mkdir()
    fake = bin_dir / "nginx"  # the configuration is what is checked, not nginx itself
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    for name in ("fullchain.pem", "privkey.pem"):  # mounted: none is generated
        (tls / name).write_text("x")
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "NGINX_TEMPLATE": str(ROOT / "deploy/nginx/nginx.conf.template"),
        "NGINX_RUN_DIR": str(tmp_path / "run"),
        "NGINX_TLS_DIR": str(tls),
        "HUANJIE_UPSTREAM": "10.0.0.1:8000,10.0.0.2:8000",
        "NGINX_WORKER_PROCESSES": "1",
    }
    subprocess.run(  # noqa: S603 - the repository's own script
        ["/bin/sh", str(ROOT / "deploy/nginx/entrypoint.sh")], env=env, check=True
    )
    conf = (tmp_path / "run" / "nginx.conf").read_text(encoding="utf-8")
    upstream = conf.split("upstream huanjie {", 1)[1].split("}", 1)[0]
    assert upstream.split() == [
        "server", "10.0.0.1:8000;", "server", "10.0.0.2:8000;", "keepalive", "16;"
    ]  # fmt: skip
    assert "worker_processes 1;" in conf
    settings = [line for line in conf.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in settings if "${" in line]  # every variable filled in

    env.pop("HUANJIE_UPSTREAM")
    env.pop("NGINX_WORKER_PROCESSES")
    subprocess.run(["/bin/sh", str(ROOT / "deploy/nginx/entrypoint.sh")], env=env, check=True)  # noqa: S603
    conf = (tmp_path / "run" / "nginx.conf").read_text(encoding="utf-8")
    assert "server web:8000;" in conf  # compose's one service
    assert "worker_processes auto;" in conf


@pytest.mark.django_db
def test_each_response_names_the_node_that_served_it(settings):
    settings.NODE_NAME = "node-2"
    client = Client()
    assert client.get("/accounts/login/")["X-Huanjie-Node"] == "node-2"
    assert client.get("/healthz")["X-Huanjie-Node"] == "node-2"  # answered before the rest


@pytest.mark.django_db
def test_no_node_header_without_a_node_name(settings):
    settings.NODE_NAME = ""
    assert "X-Huanjie-Node" not in Client().get("/accounts/login/")


@pytest.mark.django_db
def test_the_demo_without_renewals_has_its_tree_roster_and_logins():
    call_command("seed_demo", "--without-renewals", stdout=open(os.devnull, "w"))  # noqa: SIM115
    branch = Organisation.objects.get(code="JG-05")
    assert branch.members.count() == 14
    assert not Renewal.objects.exists()
    assert get_user_model().objects.get(username="zuzhi").check_password("huanjie-demo")


FORM = """
<form method="post" action="/renewals/7/plan/" enctype="multipart/form-data">
  <input type="hidden" name="csrfmiddlewaretoken" value="t0ken">
  <input name="members-place" value="二楼 &amp; 三楼">
  <input type="checkbox" name="posts" value="organisation" checked>
  <input type="checkbox" name="posts" value="publicity">
  <input type="file" name="work_report_file">
  <input name="locked" value="x" disabled>
  <select name="seats"><option value="3">3</option><option value="5" selected>5</option></select>
  <select name="chair"><option value="">—</option><option value="9">王五</option></select>
  <textarea name="work_report">
一年来&lt;认真&gt;</textarea>
  <button type="submit" name="then" value="submit_request">提交</button>
  <button type="button">预览</button>
</form>
<form action="/accounts/logout/" method="post"></form>
"""


def test_the_check_browser_sends_a_form_as_a_browser_would():
    parser = FormParser("https://127.0.0.1:8443/renewals/7/")
    parser.feed(FORM)
    form, logout = parser.forms
    assert form.action == "https://127.0.0.1:8443/renewals/7/plan/"
    assert form.multipart
    assert form.fields == [
        ("csrfmiddlewaretoken", "t0ken"),
        ("members-place", "二楼 & 三楼"),
        ("posts", "organisation"),
        ("seats", "5"),
        ("work_report", "一年来<认真>"),
    ]  # the unchecked box, the file, the disabled input and the empty first option are not sent
    assert form.choices("posts") == ["organisation", "publicity"]
    assert form.choices("chair") == ["9"]
    assert form.name("place") == "members-place"
    assert form.buttons == [("then", "submit_request")]
    assert logout.action.endswith("/accounts/logout/")


def test_the_check_browser_finds_a_form_and_the_messages_of_a_page():
    body = FORM + '<div class="alert alert-danger alert-dismissible" role="alert">已拒绝<button>'
    page = Page("https://127.0.0.1:8443/renewals/7/", 200, None, body.encode(), "node-1")
    assert page.form("/renewals/7/plan/").fields[0] == ("csrfmiddlewaretoken", "t0ken")
    assert page.messages() == [("danger", "已拒绝")]
    with pytest.raises(SystemExit, match="no form posting to /renewals/7/notice/"):
        page.form("/renewals/7/notice/")


def test_the_check_browser_asks_a_search_picker_as_one_types(monkeypatch):
    """A picker's select lists no options: the browser asks its address for what is typed."""
    page = Page(
        "https://127.0.0.1:8443/renewals/7/",
        200,
        None,
        b'<form action="/renewals/7/nominees/" method="post"><select name="member" '
        b'data-picker-url="/organisations/pick-member/electorate/7/"><option value="">'
        b"---------</option></select></form>",
        "node-1",
    )
    form = page.form("/renewals/7/nominees/")
    assert form.choices("member") == []
    asked = []

    def get(path, *, status=200):
        asked.append(path)
        return None, b'{"results": [{"value": "12", "text": "\\u5f20\\u4e09"}]}'

    client = CheckBrowser(8443)
    monkeypatch.setattr(client, "get", get)
    assert client.pick(form, "member", "张三") == ["12"]
    assert asked == ["/organisations/pick-member/electorate/7/?q=%E5%BC%A0%E4%B8%89"]
