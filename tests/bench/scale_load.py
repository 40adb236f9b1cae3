"""`make bench-scale` (issue 16): the pages people use, under a bounded load, at province scale.

1. A PostgreSQL database (SCALE_DATABASE_URL, default huanjie_scale on the local server; made if
   missing), migrated and seeded by `seed_scale` (SCALE_ORGANISATIONS, default 100,000, and
   SCALE_MEMBERS, default 3,000,000; a second run reuses the seeded database).
2. gunicorn with 2 workers on loopback, as production runs it (config/gunicorn.py: threaded
   workers; 3 threads each here, SCALE_THREADS, see environment()), DEBUG off, the cache in
   Redis as docker-compose.yml has it (SCALE_CACHE_URL, default database 14 of the local Redis,
   emptied first; locmem when no Redis answers), the project's URLs plus `trivial_page`: a view
   that renders a template and makes no query, through the same middleware.
3. SCALE_USERS (default 18, at most 20) signed-in people for SCALE_SECONDS (default 45, at most
   60), each pausing 0.5-2 s between clicks: province, city and county staff opening the home page,
   the dashboard, the county's campaign board and searching members (by name prefix, pinyin
   initials, phone); secretaries opening their renewal and its meeting page; approvers their
   queue (the dashboard). Every client also opens the trivial page now and then, measured the
   same way, in the same run.
4. JSON lines {"name", "value", "unit"}: each page's p50 and p95 (ms), its p95 over the trivial
   page's p95 (`_ratio`), the trivial page's figures, the requests made and the errors (must
   be 0). Then `import_members_100000`: a 100,000-row roster imported into a county as the job
   does it (read, check, write), in seconds; the imported members are removed afterwards.
   Before it, the county's roster exported as the job does it, as xlsx and CSV (seconds, rows,
   MB); SCALE_PROVINCE_EXPORT=csv adds the province's 3 M rows (minutes).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from scale_jobs import IMPORT_ROWS, export_benchmark, import_benchmark
from scale_replica import WITH_REPLICA, replica_transactions, start_replica, stop_replica

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get(
    "SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/huanjie_scale"
)
ORGANISATIONS = int(os.environ.get("SCALE_ORGANISATIONS", "100000"))
MEMBERS = int(os.environ.get("SCALE_MEMBERS", "3000000"))
USERS = min(20, int(os.environ.get("SCALE_USERS", "18")))
SECONDS = min(60.0, float(os.environ.get("SCALE_SECONDS", "45")))
PAUSE = (0.5, 2.0)
CACHE_URL = os.environ.get("SCALE_CACHE_URL", "redis://127.0.0.1:6379/14")
TRIVIAL = "/bench-trivial/"
SEARCHES = ("张伟", "zhl", "zs", "李", "wxm", "欧阳", "sxx", "1381")
LOGIN = "/accounts/login/"


def emit(name: str, value: float, unit: str) -> None:
    print(json.dumps({"name": name, "value": round(value, 2), "unit": unit}), flush=True)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def environment(tmp: Path) -> dict[str, str]:
    (tmp / "scale_settings.py").write_text(
        "from config.settings import *  # noqa: F403\n"
        "ROOT_URLCONF = 'scale_urls'\n"
        f"STATIC_ROOT = {str(tmp / 'static')!r}\n"
        f"TEMPLATES[0]['DIRS'] = [*TEMPLATES[0]['DIRS'], {str(tmp / 'templates')!r}]\n"
        # Pages only (no static files are fetched): no collected manifest needed.
        "STORAGES = {**STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    (tmp / "scale_urls.py").write_text(
        "from django.shortcuts import render\n"
        "from django.urls import path\n"
        "from config.urls import urlpatterns as project\n"
        "def trivial(request):\n"
        "    return render(request, 'bench_trivial.html', {'now': 'ok'})\n"
        f"urlpatterns = [path('{TRIVIAL.strip('/')}/', trivial), *project]\n"
    )
    (tmp / "templates").mkdir(exist_ok=True)
    (tmp / "static").mkdir(exist_ok=True)
    (tmp / "templates" / "bench_trivial.html").write_text(
        "<!DOCTYPE html><html lang='zh-hans'><body><p>{{ now }}</p></body></html>\n"
    )
    return {
        **os.environ,
        "PYTHONPATH": f"{tmp}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "scale_settings",
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-scale-only-" + "x" * 40),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "ROSTER_SEARCHES_PER_MINUTE": "6000",
        # SCALE_IMPORT_ROWS may be past the web's default row cap (100,000).
        "MEMBER_IMPORT_MAX_ROWS": str(max(IMPORT_ROWS, 100_000)),
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(tmp / "media"),
        "CACHE_URL": shared_cache(),
        "GUNICORN_WORKERS": "2",
        # Threads per worker (SCALE_THREADS). Measured on 2 cores, November 2026: 1 (as sync
        # workers) queues even the trivial page (its p95 320 ms, pages 260-820 ms); 8 (the
        # production default, chosen for the login page) lets the heavy pages share the cores
        # (trivial 58 ms, dashboard 450 ms, 7.7 x); 3 gave every page 1.6-3.2 x, 150-320 ms.
        "GUNICORN_THREADS": os.environ.get("SCALE_THREADS", "3"),
        "GUNICORN_LOG_LEVEL": "warning",
    }


def shared_cache() -> str:
    """CACHE_URL emptied for the run, or the per-process default when Redis does not answer."""
    import redis

    try:
        redis.Redis.from_url(CACHE_URL, socket_timeout=2).flushdb()
    except redis.RedisError as error:
        log(f"no shared cache ({error}): each process caches alone")
        return "locmemcache://"
    return CACHE_URL


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


def ensure_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One person's browser: a kept-alive connection, the session and CSRF cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                if attempt:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def sign_in(self, username: str, password: str) -> None:
        status, page = self.request("GET", LOGIN)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, _ = self.request("POST", LOGIN, form)
        assert status == 302, f"{username} could not sign in ({status})"


def targets(env: dict[str, str]) -> dict[str, str]:
    """The seeded database's campaign board and a secretary's renewal (asked of Django)."""
    code = (
        "import json, django; django.setup()\n"
        "from branches.models import Role\n"
        "from elections.models import Campaign, Renewal\n"
        "campaign = Campaign.objects.filter(organisation__path__startswith="
        "Role.objects.get(user__username='scale_county').organisation.path).latest('pk')\n"
        "branch = Role.objects.get(user__username='scale_secretary').organisation_id\n"
        "renewal = Renewal.objects.filter(branch_id=branch).latest('pk')\n"
        "from elections.scale import PASSWORD\n"
        "print(json.dumps({'campaign': campaign.get_absolute_url(), "
        "'renewal': renewal.get_absolute_url(), 'password': PASSWORD}))\n"
    )
    out = subprocess.run(  # our own code, in this interpreter
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def people(found: dict[str, str]) -> list[tuple[str, dict[str, list[str]]]]:
    """(username, {page name: paths}) for each simulated person."""
    staff = {
        "home": ["/"],
        "dashboard": ["/dashboard/"],
        "campaign_board": [found["campaign"]],
        "member_search": [f"/members/?{urlencode({'q': q})}" for q in SEARCHES],
    }
    secretary = {
        "home": ["/"],
        "renewal": [found["renewal"]],
        "meeting": [found["renewal"] + "meeting/members/"],
    }
    approver = {"home": ["/"], "approver_queue": ["/dashboard/"]}
    roles = [
        ("scale_province", staff),
        ("scale_city", staff),
        ("scale_county", staff),
        ("scale_secretary", secretary),
        ("scale_approver", approver),
        ("scale_secretary", secretary),
    ]
    return [roles[i % len(roles)] for i in range(USERS)]


def run_load(port: int, found: dict[str, str], password: str) -> tuple[dict, int, int]:
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    made = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def person(index: int, username: str, mix: dict[str, list[str]]) -> None:
        rng = random.Random(index)
        client = Client(port)
        try:
            client.sign_in(username, password)
        except Exception as exc:
            with lock:
                errors.append(f"{username} sign-in: {exc}")
            return
        pages = [*mix.items(), ("trivial_page", [TRIVIAL])]
        time.sleep(rng.uniform(*PAUSE))
        while time.monotonic() < deadline:
            name, paths = pages[rng.randrange(len(pages))]
            path = rng.choice(paths)
            start = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except Exception as exc:
                status, exc_text = 0, str(exc)
            else:
                exc_text = ""
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                made[0] += 1
                if status != 200:
                    errors.append(f"{path}: {status} {exc_text}")
                else:
                    timings.setdefault(name, []).append(elapsed)
            time.sleep(rng.uniform(*PAUSE))

    threads = [
        threading.Thread(target=person, args=(i, username, mix))
        for i, (username, mix) in enumerate(people(found))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for error in errors[:10]:
        log(f"error: {error}")
    return timings, made[0], len(errors)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    ensure_database()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = environment(tmp)
        manage(env, "migrate", "--verbosity", "0")
        manage(
            env,
            "seed_scale",
            "--organisations",
            str(ORGANISATIONS),
            "--members",
            str(MEMBERS),
        )
        found = targets(env)
        replica_url = start_replica() if WITH_REPLICA else ""
        served_before = served = 0
        if replica_url:
            env["DATABASE_REPLICA_URL"] = replica_url
            served_before = replica_transactions(replica_url)
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--config",
                "config/gunicorn.py",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            for _ in range(120):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.5)
            log(f"load: {USERS} users for {SECONDS:.0f} s on port {port}")
            timings, made, errors = run_load(port, found, found["password"])
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            if replica_url:
                served = replica_transactions(replica_url) - served_before
                stop_replica(remove=True)
        trivial = p95(timings.get("trivial_page", [0.0]))
        for name in sorted(timings):
            values = timings[name]
            emit(f"{name}_p50", statistics.median(values), "ms")
            emit(f"{name}_p95", p95(values), "ms")
            if name != "trivial_page" and trivial:
                emit(f"{name}_p95_ratio", p95(values) / trivial, "x trivial_page p95")
        emit("requests", made, "requests")
        emit("errors", errors, "errors")
        if replica_url:
            # The dashboard's and the campaign board's reads (config/routers.py) went there.
            emit("replica_transactions", served, "transactions")
        export_benchmark({k: v for k, v in env.items() if k != "DATABASE_REPLICA_URL"})
        if IMPORT_ROWS:
            emit(f"import_members_{IMPORT_ROWS}", import_benchmark(env), "s")


if __name__ == "__main__":
    main()
