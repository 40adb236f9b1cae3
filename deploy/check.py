"""`make deploy-check`: the image's layout built on this host, walked through nginx over HTTPS.

No Docker engine is needed. The steps are the image's (Dockerfile, deploy/nginx/):
1. the build context is copied as .dockerignore lets `COPY . .` copy it, and the copy is checked
   for secrets and data (.env, databases, media/, .git, .venv);
2. static files are collected with DEBUG=false and a build-time secret (the manifest storage);
3. with a different, runtime secret: `check --deploy`, migrate a throw-away database (SQLite in
   the temporary folder, or DEPLOY_CHECK_DATABASE_URL), seed the demo data;
4. gunicorn with config/gunicorn.py on a loopback port; nginx from deploy/nginx/entrypoint.sh
   (certificate generated on first start, the same template) on two more loopback ports;
5. a client on 127.0.0.2 walks HTTP -> HTTPS redirect, login, dashboard and a PDF download, and
   checks the request id and the client address in the app's JSON log, then everything stops.
Prints the wall time. `--keep` leaves the temporary folder for a look at the logs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.dockerignore import context_files

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLIENT_ADDRESS = "127.0.0.2"  # not nginx's own address, so the forwarded one can be told apart
DEMO_USER, DEMO_PASSWORD = "zuzhi", "huanjie-demo"  # seed_demo's printed logins
FORBIDDEN_IN_IMAGE = re.compile(
    r"(^|/)(\.env|[^/]*\.sqlite3|[^/]*\.pem|[^/]*\.key)$|^(media|\.git|\.venv|staticfiles)(/|$)"
)


STARTED = time.monotonic()


def step(message: str) -> None:
    print(f"-- {time.monotonic() - STARTED:6.1f} s  {message}", flush=True)


def require(condition: object, message: object) -> None:
    if not condition:
        raise SystemExit(f"deploy-check failed: {message}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], *, cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def copy_context(app: Path) -> None:
    files = list(context_files(ROOT))
    leaked = [name for name in files if FORBIDDEN_IN_IMAGE.search(name)]
    if leaked:
        raise SystemExit(f".dockerignore lets these into the image: {leaked}")
    for name in files:
        target = app / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)


class Client:
    """HTTPS to nginx from CLIENT_ADDRESS with the cookies a browser would keep; the certificate
    is the self-signed one generated on first start, so it is not verified."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE

    def request(
        self, method: str, path: str, *, form: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, bytes]:
        conn = http.client.HTTPSConnection(
            "127.0.0.1",
            self.port,
            context=self.context,
            timeout=60,
            source_address=(CLIENT_ADDRESS, 0),
        )
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"Host": f"127.0.0.1:{self.port}", "Referer": origin + "/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, content

    def get(self, path: str, *, status: int = 200) -> tuple[http.client.HTTPResponse, bytes]:
        response, content = self.request("GET", path)
        if response.status != status:
            raise SystemExit(f"GET {path}: {response.status}, expected {status}")
        return response, content


def wait_healthy(port: int, deadline: float) -> None:
    context = ssl._create_unverified_context()  # noqa: S323 - the generated self-signed certificate
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=5)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            body = response.read()
            if response.status == 200:
                health = json.loads(body)
                require(health["checks"]["worker"] == "not configured", health)
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.3)
    raise SystemExit("nginx -> gunicorn did not become healthy in time")


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
    _, page = client.get("/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    require(token, "no CSRF token on the login page")
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    require(stylesheet, "no hashed stylesheet: static files were not collected for production")
    client.get(stylesheet.group(1).decode())
    step(f"login page and {stylesheet.group(1).decode()} (manifest storage)")

    response, _ = client.request(
        "POST",
        "/accounts/login/",
        form={
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": DEMO_USER,
            "password": DEMO_PASSWORD,
        },
    )
    require(response.status == 302, f"login: {response.status}")
    login_request_id = response.getheader("X-Request-ID", "")
    require(login_request_id, "no X-Request-ID on the response")
    client.get("/dashboard/")  # 200, not the redirect to the login page
    step(f"logged in as {DEMO_USER}, dashboard shown")

    _, renewals = client.get("/renewals/")
    for pk in dict.fromkeys(re.findall(rb'href="/renewals/(\d+)/"', renewals)):
        _, detail = client.get(f"/renewals/{pk.decode()}/")
        links = re.findall(rb'href="(/renewals/\d+/[^"]*\.pdf)"', detail)
        if links:
            pdf_path = links[0].decode()
            response, pdf = client.get(pdf_path)
            require(response.getheader("Content-Type") == "application/pdf", response.headers)
            require(pdf.startswith(b"%PDF"), pdf[:20])
            step(f"{pdf_path}: a PDF of {len(pdf)} bytes")
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


def stop(proc: subprocess.Popen[bytes], sig: int) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    keep = parser.parse_args().keep
    tmp = Path(tempfile.mkdtemp(prefix="huanjie-deploy-"))
    app = tmp / "app"
    procs: list[tuple[subprocess.Popen[bytes], int]] = []
    passed = False
    try:
        step(f"build context copied to {app} as .dockerignore allows")
        copy_context(app)
        base = {
            "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(tmp),
            "LANG": "C.UTF-8",
        }
        build = {**base, "DEBUG": "false", "SECRET_KEY": "build-time-only-" + "x" * 40}
        manage = [sys.executable, "manage.py"]
        run([*manage, "collectstatic", "--no-input", "-v", "0"], cwd=app, env=build)
        require((app / "staticfiles" / "staticfiles.json").is_file(), "no static manifest")
        run([*manage, "compilemessages", "-v", "0"], cwd=app, env={**base, "DEBUG": "true"})
        step("collectstatic (DEBUG=false, manifest written), compilemessages")

        gunicorn_port, nginx_http, nginx_https = free_port(), free_port(), free_port()
        runtime = {
            **base,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": os.environ.get(
                "DEPLOY_CHECK_DATABASE_URL", f"sqlite:///{tmp / 'db.sqlite3'}"
            ),
            "MEDIA_ROOT": str(tmp / "media"),
            "TRUSTED_PROXY_COUNT": "1",
            "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}",
        }
        run([*manage, "check", "--deploy", "--fail-level", "WARNING"], cwd=app, env=runtime)
        step("check --deploy (runtime secret)")
        run([*manage, "migrate", "--no-input", "-v", "0"], cwd=app, env=runtime)
        step("migrate")
        run([*manage, "seed_demo"], cwd=app, env=runtime)
        step("seed_demo")

        app_log = tmp / "gunicorn.log"
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "--config", "config/gunicorn.py", "config.wsgi"],
            cwd=app,
            env=runtime,
            stdout=app_log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        procs.append((gunicorn, signal.SIGTERM))
        nginx = subprocess.Popen(  # noqa: S603
            ["/bin/sh", str(app / "deploy/nginx/entrypoint.sh")],
            cwd=tmp,
            env={
                **base,
                "NGINX_TEMPLATE": str(app / "deploy/nginx/nginx.conf.template"),
                "NGINX_RUN_DIR": str(tmp / "nginx"),
                "NGINX_TLS_DIR": str(tmp / "tls"),
                "NGINX_HTTP_LISTEN": f"127.0.0.1:{nginx_http}",
                "NGINX_HTTPS_LISTEN": f"127.0.0.1:{nginx_https}",
                "HUANJIE_UPSTREAM": f"127.0.0.1:{gunicorn_port}",
            },
            stdout=(tmp / "nginx.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        procs.append((nginx, signal.SIGQUIT))
        wait_healthy(nginx_https, time.monotonic() + 90)
        require((tmp / "tls" / "fullchain.pem").is_file(), "no certificate was generated")
        step(f"gunicorn on :{gunicorn_port}, nginx on :{nginx_http} and :{nginx_https}, healthy")

        request_id, path = walk(nginx_http, nginx_https)
        check_app_log(app_log, request_id, path)
        passed = True
    finally:
        for proc, sig in reversed(procs):
            stop(proc, sig)
        if not passed:
            for log in ("gunicorn.log", "nginx.log"):
                if (tmp / log).is_file():
                    print(f"--- {log} (last lines)", file=sys.stderr)
                    lines = (tmp / log).read_text(errors="replace").splitlines()[-30:]
                    print("\n".join(lines), file=sys.stderr)
        if keep or not passed:
            print(f"temporary folder kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"deploy-check passed in {time.monotonic() - STARTED:.1f} s")


if __name__ == "__main__":
    main()
