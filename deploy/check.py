"""`make deploy-check`: the image's layout built on this host, walked through nginx over HTTPS.

No Docker engine is needed. The steps are the image's (Dockerfile, deploy/nginx/):
1. the build context is copied as .dockerignore lets `COPY . .` copy it, and the copy is checked
   for secrets and data (.env, databases, media/, .git, .venv);
2. static files are collected with DEBUG=false and a build-time secret (the manifest storage);
3. with a different, runtime secret: `check --deploy`, migrate a throw-away database (SQLite in
   the temporary folder, or DEPLOY_CHECK_DATABASE_URL), seed the demo data;
4. the two gunicorn pools of docker-compose.yml with config/gunicorn.py on loopback ports, light
   and heavy (GUNICORN_POOL; the heavy one at a lower CPU priority); nginx from
   deploy/nginx/entrypoint.sh (certificate generated on first start, the same template) on two
   more loopback ports, sending the heavy paths to the heavy pool;
5. a client on 127.0.0.2 walks HTTP -> HTTPS redirect, login, dashboard and a PDF download, checks
   that the pages came from the light pool and the PDF from the heavy one, and checks the request
   id and the client address in the app's JSON log, then everything stops.
Prints the wall time. `--keep` leaves the temporary folder for a look at the logs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.client import CLIENT_ADDRESS, NODE_HEADER, Client
from deploy.stack import STARTED, Stack, require, step, wait_healthy

DEMO_USER, DEMO_PASSWORD = "zuzhi", "huanjie-demo"  # seed_demo's printed logins


def walk(nginx_http: int, nginx_https: int) -> tuple[str, str]:
    """The user's path through nginx; returns (request id, path) of the login post."""
    conn = http.client.HTTPConnection("127.0.0.1", nginx_http, timeout=10)
    conn.request("GET", "/accounts/login/")
    redirect = conn.getresponse()
    require(redirect.status == 301, redirect.status)
    require(
        redirect.getheader("Location", "").startswith("https://"), redirect.getheader("Location")
    )
    step("HTTP redirects to HTTPS")

    client = Client(nginx_https)
    client.get("/healthz", status=403)  # not from a client's address
    login_page = client.page("/accounts/login/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', login_page.text)
    require(stylesheet, "no hashed stylesheet: static files were not collected for production")
    client.get(stylesheet.group(1))
    step(f"login page and {stylesheet.group(1)} (manifest storage)")

    response = client.login(DEMO_USER, DEMO_PASSWORD, login_page)
    login_request_id = response.getheader("X-Request-ID", "")
    require(login_request_id, "no X-Request-ID on the response")
    dashboard, _ = client.get("/dashboard/")  # 200, not the redirect to the login page
    pool = dashboard.getheader(NODE_HEADER)
    require(pool == "light", f"the dashboard came from the {pool} pool")
    step(f"logged in as {DEMO_USER}, dashboard shown by the light pool")

    _, renewals = client.get("/renewals/")
    for pk in dict.fromkeys(re.findall(rb'href="/renewals/(\d+)/"', renewals)):
        _, detail = client.get(f"/renewals/{pk.decode()}/")
        links = re.findall(rb'href="(/renewals/\d+/[^"]*\.pdf)"', detail)
        if links:
            pdf_path = links[0].decode()
            response, pdf = client.get(pdf_path)
            require(response.getheader("Content-Type") == "application/pdf", response.headers)
            require(pdf.startswith(b"%PDF"), pdf[:20])
            pool = response.getheader(NODE_HEADER)
            require(pool == "heavy", f"{pdf_path} came from the {pool} pool")
            step(f"{pdf_path}: a PDF of {len(pdf)} bytes from the heavy pool")
            return login_request_id, "/accounts/login/"
    raise SystemExit("no renewal page offers a PDF to download")


def check_app_log(log: Path, request_id: str, path: str) -> None:
    """The app logged the login post as JSON with nginx's request id and the real client."""
    for line in log.read_text(encoding="utf-8").splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if entry.get("request_id") == request_id and entry.get("logger") == "huanjie.request":
            require(entry["path"] == path, entry)
            require(entry["method"] == "POST", entry)
            require(entry["client_ip"] == CLIENT_ADDRESS, entry)
            step(f"app log: request {request_id} from {entry['client_ip']} (X-Forwarded-For)")
            return
    raise SystemExit(f"request {request_id} is not in the app's JSON log")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    with Stack("huanjie-deploy-", keep=parser.parse_args().keep) as stack:
        stack.build()
        runtime = stack.runtime_env(
            os.environ.get("DEPLOY_CHECK_DATABASE_URL", f"sqlite:///{stack.tmp / 'db.sqlite3'}")
        )
        stack.prepare_database(runtime)
        light, app_log, heavy, _ = stack.start_pools(runtime)
        nginx_http, nginx_https = stack.start_nginx([light], [heavy])
        wait_healthy(nginx_https, time.monotonic() + 90)
        require((stack.tmp / "tls" / "fullchain.pem").is_file(), "no certificate was generated")
        step(f"gunicorn pools light :{light} and heavy :{heavy}, "
             f"nginx on :{nginx_http} and :{nginx_https}, healthy")  # fmt: skip

        request_id, path = walk(nginx_http, nginx_https)
        check_app_log(app_log, request_id, path)
        stack.passed = True
    print(f"deploy-check passed in {time.monotonic() - STARTED:.1f} s")


if __name__ == "__main__":
    main()
