"""The image's layout built on this host, for `make deploy-check` (deploy/check.py) and
`make cluster-check` (deploy/cluster.py): no Docker engine is needed.

A `Stack` is a temporary folder holding the build context as .dockerignore lets `COPY . .` copy
it, static files collected with DEBUG=false (the manifest storage), and the processes started in
it: gunicorn nodes with config/gunicorn.py (a light and a heavy pool, as in docker-compose.yml, or
one pool a node) and nginx from deploy/nginx/entrypoint.sh (the image's template, a certificate
generated on first start) on loopback ports. Leaving the `with` block
stops every process; on failure the last lines of each log are printed and the folder is kept.
"""

from __future__ import annotations

import hashlib
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
from pathlib import Path
from types import TracebackType

from deploy.dockerignore import context_files

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FORBIDDEN_IN_IMAGE = re.compile(
    r"(^|/)(\.env|[^/]*\.sqlite3|[^/]*\.pem|[^/]*\.key)$|^(media|\.git|\.venv|staticfiles)(/|$)"
)
STARTED = time.monotonic()


def step(message: str) -> None:
    print(f"-- {time.monotonic() - STARTED:6.1f} s  {message}", flush=True)


def require(condition: object, message: object) -> None:
    if not condition:
        raise SystemExit(f"{Path(sys.argv[0]).stem} failed: {message}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], *, cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


#: The front-end packages' files (`make assets`), outside the build context: the image's assets
#: stage copies them in (Dockerfile), and so does `Stack.build`.
VENDOR = "static/vendor"


def copy_context(app: Path) -> None:
    files = list(context_files(ROOT))
    leaked = [name for name in files if FORBIDDEN_IN_IMAGE.search(name)]
    if leaked:
        raise SystemExit(f".dockerignore lets these into the image: {leaked}")
    for name in files:
        target = app / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)


def static_cache() -> Path:
    """Where the static files collected for this build context and interpreter are kept: a
    folder named by the SHA-256 of every file the image copies and of the interpreter's path."""
    digest = hashlib.sha256(str(Path(sys.prefix).resolve()).encode())
    vendor = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / VENDOR).rglob("*") if p.is_file()
    )
    for name in [*sorted(context_files(ROOT)), *vendor]:
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes())
    return Path(tempfile.gettempdir()) / f"huanjie-static-{digest.hexdigest()[:16]}"


def https_get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    """A plain GET through nginx (self-signed certificate, not verified)."""
    context = ssl._create_unverified_context()  # noqa: S323 - the generated self-signed certificate
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_healthy(port: int, deadline: float, *, worker: str = "not configured") -> dict:
    """Wait for nginx -> gunicorn to answer /healthz with 200 and the health's worker check to say
    `worker`; returns the response's headers."""
    health: object = None
    while time.monotonic() < deadline:
        try:
            status, headers, body = https_get(port, "/healthz")
            health = json.loads(body) if status in (200, 503) else status
            if status == 200 and health["checks"]["worker"] == worker:  # type: ignore[index]
                return headers
        except (OSError, http.client.HTTPException, ValueError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"nginx -> gunicorn did not become healthy in time: {health}")


def stop(procs: list[tuple[subprocess.Popen[bytes], int]]) -> None:
    """Signal every process at once, then wait for each (killed after 30 s)."""
    for proc, sig in procs:
        if proc.poll() is None:
            proc.send_signal(sig)
    for proc, _sig in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Stack:
    """The temporary folder, the app in it and the processes started there (see the module)."""

    def __init__(self, prefix: str, *, keep: bool = False) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix=prefix))
        self.app = self.tmp / "app"
        self.keep = keep
        self.passed = False
        self.procs: list[tuple[subprocess.Popen[bytes], int]] = []
        self.logs: list[Path] = []
        self.base = {
            "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(self.tmp),
            "LANG": "C.UTF-8",
        }
        self.manage = [sys.executable, "manage.py"]

    def __enter__(self) -> Stack:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        stop(self.procs)
        if self.procs:
            step("every process stopped")
        if not self.passed:
            for log in self.logs:
                if log.is_file():
                    print(f"--- {log.name} (last lines)", file=sys.stderr)
                    lines = log.read_text(errors="replace").splitlines()[-30:]
                    print("\n".join(lines), file=sys.stderr)
        if self.keep or not self.passed:
            print(f"temporary folder kept: {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def build(self, *, messages: bool = True, reuse_static: bool = False) -> None:
        """The image's build steps: the context copied, static files collected for production
        with a build-time secret, the catalogues compiled (`messages`). The collected files are
        kept for the same context and interpreter (static_cache); `reuse_static` takes them from
        there when a check before (`make deploy-check` in CI) collected them."""
        copy_context(self.app)
        step(f"build context copied to {self.app} as .dockerignore allows")
        # The image's assets stage: the front-end packages' files (`make assets` put them in
        # static/vendor/, which .dockerignore keeps out of the context), as the Dockerfile copies.
        shutil.copytree(ROOT / VENDOR, self.app / VENDOR, dirs_exist_ok=True)
        step(f"{VENDOR} copied as the image's assets stage copies it")
        static, cache = self.app / "staticfiles", static_cache()
        if reuse_static and (cache / "staticfiles.json").is_file():
            shutil.copytree(cache, static)
            step(f"static files of this context, collected with DEBUG=false, taken from {cache}")
        else:
            build = {**self.base, "DEBUG": "false", "SECRET_KEY": "build-time-only-" + "x" * 40}
            run([*self.manage, "collectstatic", "--no-input", "-v", "0"], cwd=self.app, env=build)
            require((static / "staticfiles.json").is_file(), "no static manifest")
            for stale in cache.parent.glob("huanjie-static-*"):  # one context kept, the latest
                shutil.rmtree(stale, ignore_errors=True)
            shutil.copytree(static, cache)
            step("collectstatic (DEBUG=false, manifest written)")
        if messages:
            run(
                [*self.manage, "compilemessages", "-v", "0"],
                cwd=self.app,
                env={**self.base, "DEBUG": "true"},
            )
            step("compilemessages")

    def runtime_env(self, database_url: str, **extra: str) -> dict[str, str]:
        """The production settings every node shares: one runtime secret (not the build's), one
        database, one MEDIA_ROOT, nginx as the one proxy."""
        return {
            **self.base,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(self.tmp / "media"),
            "TRUSTED_PROXY_COUNT": "1",
            **extra,
        }

    def prepare_database(self, env: dict[str, str], *seed_options: str) -> None:
        """`check --deploy` with the runtime secret, migrate, the demo data."""
        run([*self.manage, "check", "--deploy", "--fail-level", "WARNING"], cwd=self.app, env=env)
        step("check --deploy (runtime secret)")
        run([*self.manage, "migrate", "--no-input", "-v", "0"], cwd=self.app, env=env)
        step("migrate")
        run([*self.manage, "seed_demo", *seed_options], cwd=self.app, env=env)
        step(" ".join(["seed_demo", *seed_options]))

    def start(self, name: str, args: list[str], env: dict[str, str], *, sig: int) -> Path:
        """Start a process in the app folder, its output in NAME.log; stopped with `sig`."""
        log = self.tmp / f"{name}.log"
        proc = subprocess.Popen(  # noqa: S603
            args, cwd=self.app, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
        self.procs.append((proc, sig))
        self.logs.append(log)
        return log

    def start_gunicorn(self, name: str, env: dict[str, str]) -> tuple[int, Path]:
        """A gunicorn node with config/gunicorn.py on a free loopback port: (port, log)."""
        port = free_port()
        args = [str(BIN / "gunicorn"), "--config", "config/gunicorn.py", "config.wsgi"]
        log = self.start(
            name, args, {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, sig=signal.SIGTERM
        )
        return port, log

    def start_pools(
        self, env: dict[str, str], light_env: dict[str, str] | None = None
    ) -> tuple[int, Path, int, Path]:
        """The production layout of one host: a light and a heavy gunicorn pool
        (GUNICORN_POOL, config/gunicorn.py), each naming itself in X-Huanjie-Node:
        (light port, its log, heavy port, its log). `light_env`: settings of the light pool only."""
        light, light_log = self.start_gunicorn(
            "gunicorn",
            {**env, "GUNICORN_POOL": "light", "NODE_NAME": "light", **(light_env or {})},
        )
        heavy, heavy_log = self.start_gunicorn(
            "gunicorn-heavy", {**env, "GUNICORN_POOL": "heavy", "NODE_NAME": "heavy"}
        )
        return light, light_log, heavy, heavy_log

    def start_nginx(
        self, upstreams: list[int], heavy: list[int] | None = None, **extra: str
    ) -> tuple[int, int]:
        """nginx from the image's entrypoint in front of the gunicorn ports `upstreams`, the
        heavy paths to `heavy` when given: (HTTP port, HTTPS port). `extra`: more of the
        entrypoint's variables."""
        http_port, https_port = free_port(), free_port()
        if heavy:
            extra["HUANJIE_HEAVY_UPSTREAM"] = ",".join(f"127.0.0.1:{port}" for port in heavy)
        env = {
            **self.base,
            "NGINX_TEMPLATE": str(self.app / "deploy/nginx/nginx.conf.template"),
            "NGINX_RUN_DIR": str(self.tmp / "nginx"),
            "NGINX_TLS_DIR": str(self.tmp / "tls"),
            "NGINX_HTTP_LISTEN": f"127.0.0.1:{http_port}",
            "NGINX_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
            "HUANJIE_UPSTREAM": ",".join(f"127.0.0.1:{port}" for port in upstreams),
            **extra,
        }
        args = ["/bin/sh", str(self.app / "deploy/nginx/entrypoint.sh")]
        self.start("nginx", args, env, sig=signal.SIGQUIT)
        return http_port, https_port
