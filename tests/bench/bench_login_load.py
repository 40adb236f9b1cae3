"""Benchmark: the login page alone and beside 20 working users, through nginx and both pools.

Run with `make bench` (all benchmarks) or `make bench BENCH=login_load`; prints JSON lines,
among them login_p95_alone and login_p95_load20 in seconds. With two sync workers, 20 clients
pushed the login page's p95 from 29 ms to 1.57 s (issue 13): requests queued behind heavier ones.
On a quiet 2-core machine the two pools give 1.7x (README, 部署).
BENCH_RUNS=3 repeats the alone and load20 phases on the same server and prints each run's figures
(with "run") and then their medians; BENCH_PRIORITY=-10 gives the bench a scheduling group of its
own (see own_cores) on a machine shared with other jobs. BENCH_KEEP=1 keeps the logs.

The server is the production layout, built by deploy/stack.py as `make deploy-check` builds it:
DEBUG=false, static files collected for production, nginx with a generated certificate in front
of the light and heavy gunicorn pools of docker-compose.yml (BENCH_LAYOUT=single: one pool, the
layout before the split; GUNICORN_WORKERS / GUNICORN_THREADS from the environment size the light or
single pool to compare sizes), and the demo data in a throw-away SQLite database, or in
BENCH_DATABASE_URL (an empty PostgreSQL database, as in production: SQLite serialises the session
writes of concurrent requests). Every request is a new HTTPS connection to nginx.
- alone: one client loads the login page and the trivial view ALONE_REQUESTS times each,
  alternately, one request after the other;
- load20: 20 signed-in clients, each making LOAD_ROUNDS requests with a pause of 0.5-2 s
  before each (people reading a page before the next click; the first pause spreads the starts,
  which once came in the same millisecond and made the p95), from a mix of the login page, the
  home page, the dashboard, renewal pages and, once per client, a PDF. The login page's p95 is
  taken over the login-page requests made while all 20 clients run.
The load is bounded: with a pause between requests the offered load stays within what two cores
serve (nginx and gunicorn use 0.6-1.3 of 2 cores, load20_server_cpu), so a high figure shows waiting
(for a free thread, the GIL or a core), not a machine out of CPU.
Beside them, from the same run: trivial_view_p95_alone (a view that returns "ok", through the same
server, middleware and client: the floor under the login page), the login page's p95 as nginx
timed its exchange with gunicorn (_upstream) and as Django timed it (_in_app), the p95 of the
other pages and of the PDF alone, the
requests per second, the CPU the server used (cores) and how busy the whole machine was meanwhile
(load20_machine_busy, every process counted: near 1 means neighbours took what the server did not).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import re
import ssl
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from deploy.stack import Stack, wait_healthy

# The JSON lines; deploy/stack.py's progress goes to standard error meanwhile.
OUT = sys.stdout
CLIENTS = 20
ALONE_REQUESTS = 80
LOAD_ROUNDS = 25
PAUSE = (0.5, 2.0)
LOGIN = "/accounts/login/"
TRIVIAL = "/bench-trivial/"
# BENCH_RUNS=3: the alone and load20 phases three times on the same server; each run's figures,
# then their medians.
RUNS = int(os.environ.get("BENCH_RUNS", "1"))


def emit(name: str, value: float, unit: str, **extra: int) -> None:
    line = {"name": name, "value": round(value, 4), "unit": unit, **extra}
    print(json.dumps(line), file=OUT, flush=True)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


class Client:
    """HTTPS to nginx, a new connection a request (the generated certificate is not verified)."""

    context = ssl._create_unverified_context()  # noqa: S323

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port = port
        self.cookie = cookie

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPResponse, bytes, float]:
        started = time.perf_counter()
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.port, timeout=120, context=self.context
        )
        headers = {"Host": f"127.0.0.1:{self.port}", "Referer": f"https://127.0.0.1:{self.port}/"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        conn.close()
        return response.status, response, content, time.perf_counter() - started


def sign_in(port: int) -> str:
    """A session cookie of the demo staff user (each client signs in: one session each, as
    people have; a session shared by concurrent requests is refused when one of them rotates it)."""
    status, response, page, _ = Client(port).request("GET", LOGIN)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    csrf = next(
        c.split(";")[0] for c in response.headers.get_all("Set-Cookie") if c.startswith("csrftoken")
    )
    form = {"csrfmiddlewaretoken": token, "username": "zuzhi", "password": "huanjie-demo"}
    status, response, _, _ = Client(port, csrf).request("POST", LOGIN, form)
    assert status == 302, status
    session = next(
        c.split(";")[0] for c in response.headers.get_all("Set-Cookie") if c.startswith("sessionid")
    )
    return f"{csrf}; {session}"


def pages(port: int, cookie: str) -> tuple[list[str], str]:
    """The signed-in pages of the mix and one PDF, found as a user finds them."""
    client = Client(port, cookie)
    _, _, renewals, _ = client.request("GET", "/renewals/")
    ids = list(dict.fromkeys(re.findall(rb'href="/renewals/(\d+)/"', renewals)))
    detail = [f"/renewals/{pk.decode()}/" for pk in ids[:4]]
    pdf = ""
    for path in detail:
        _, _, page, _ = client.request("GET", path)
        links = re.findall(rb'href="(/renewals/\d+/[^"]*\.pdf)"', page)
        if links:
            pdf = links[0].decode()
            break
    assert pdf, "no PDF link on the renewal pages"
    return ["/", "/dashboard/", "/renewals/", *detail], pdf


# BENCH_LAYOUT: "split" (docker-compose.yml: a light and a heavy pool behind nginx), "single" (one
# pool of config/gunicorn.py behind nginx, the layout before the split).
LAYOUT = os.environ.get("BENCH_LAYOUT", "split")
# BENCH_KEEP=1 keeps the temporary folder: the logs of nginx and of each pool.
KEEP = bool(os.environ.get("BENCH_KEEP"))


def start_server(stack: Stack) -> tuple[int, Path]:
    """The production layout from deploy/stack.py, as `make deploy-check` builds it; returns
    nginx's HTTPS port and the log of the pool that serves the login page."""
    stack.build(messages=False, reuse_static=True)
    # The project's URLs and one minimal view (trivial_view): the same server, middleware and
    # client, so the difference to the login page is the login page's own work.
    (stack.app / "bench_settings.py").write_text(
        "from config.settings import *  # noqa: F403\nROOT_URLCONF = 'bench_urls'\n"
    )
    (stack.app / "bench_urls.py").write_text(
        "from django.http import HttpResponse\n"
        "from django.urls import path\n"
        "from config.urls import urlpatterns as project\n"
        f"urlpatterns = [path('{TRIVIAL.strip('/')}/', lambda request: HttpResponse('ok')), "
        "*project]\n"
    )
    env = stack.runtime_env(
        os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{stack.tmp / 'db.sqlite3'}"),
        DJANGO_SETTINGS_MODULE="bench_settings",
        # As in production: one JSON line a request, whose duration_ms (from the first
        # middleware to the response) gives login_p95_load20_in_app.
        LOG_LEVEL="INFO",
    )
    stack.prepare_database(env)
    # The light pool's or the single pool's sizes from the environment, to compare.
    sizes = {
        k: os.environ[k] for k in ("GUNICORN_WORKERS", "GUNICORN_THREADS") if os.environ.get(k)
    }
    if LAYOUT == "single":
        port, log = stack.start_gunicorn("gunicorn", {**env, **sizes})
        _, https_port = stack.start_nginx([port])
    else:
        light, log, heavy, _ = stack.start_pools(env, sizes)
        _, https_port = stack.start_nginx([light], [heavy])
    wait_healthy(https_port, time.monotonic() + 120)
    return https_port, log


def load(port: int, cookies: list[str], mix: list[str], pdf: str) -> dict[str, list[float]]:
    """Runs the 20 clients; returns the durations of the login page, the other pages and the PDF."""
    times: dict[str, list[float]] = {"login": [], "pages": [], "pdf": []}
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def user(seed: int) -> None:
        rng = random.Random(seed)
        client = Client(port, cookies[seed])
        anonymous = Client(port)
        plan = [LOGIN if i % 3 == 0 else rng.choice(mix) for i in range(LOAD_ROUNDS)]
        plan[rng.randrange(LOAD_ROUNDS)] = pdf
        barrier.wait()
        # Each starts after a pause of its own, as the next ones come (people do not all click
        # in the same millisecond: 20 requests at once would be a burst, not the steady load).
        time.sleep(rng.uniform(*PAUSE))
        for path in plan:
            status, _, _, took = (anonymous if path == LOGIN else client).request("GET", path)
            assert status == 200, (path, status)
            kind = "login" if path == LOGIN else "pdf" if path == pdf else "pages"
            with lock:
                times[kind].append(took)
            time.sleep(rng.uniform(*PAUSE))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def machine_cpu() -> tuple[int, int]:
    """(all, idle) clock ticks of the whole machine so far, every process counted."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]


def server_cpu(stack: Stack) -> float:
    """CPU seconds used so far by nginx and the gunicorn pools, masters and live workers (a worker
    replaced meanwhile takes its count with it: max_requests is above what a run sends one)."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [proc.pid for proc, _ in stack.procs]
    total = 0
    while pids:
        pid = pids.pop()
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def logged(log: Path, start: int, logger: str, path: str, field: str) -> list[float]:
    """The `field` (seconds) of the JSON lines of `logger` ("nginx": nginx's access log) for
    `path`, after byte `start` of the log."""
    with log.open("rb") as lines:
        lines.seek(start)
        records = [json.loads(line) for line in lines if line.startswith(b"{")]
    if logger == "nginx":
        return [float(r[field]) for r in records if r.get("uri") == path and "status" in r]
    return [r[field] / 1000 for r in records if r.get("logger") == logger and r.get("path") == path]


def measure(
    stack: Stack, log: Path, port: int, cookies: list[str], mix: list[str], pdf: str
) -> dict[str, tuple[float, str]]:
    """One run: the login page and the trivial view alone, then the login page under load20."""
    alone: list[float] = []
    trivial: list[float] = []
    for _ in range(ALONE_REQUESTS):
        alone.append(Client(port).request("GET", LOGIN)[3])
        trivial.append(Client(port).request("GET", TRIVIAL)[3])
    nginx_log = stack.tmp / "nginx.log"
    log_start, nginx_start = log.stat().st_size, nginx_log.stat().st_size
    all_before, idle_before = machine_cpu()
    server_before = server_cpu(stack)
    started = time.perf_counter()
    times = load(port, cookies, mix, pdf)
    wall = time.perf_counter() - started
    all_after, idle_after = machine_cpu()
    login = times["login"]
    return {
        "login_p95_alone": (p95(alone), "s"),
        "login_p95_load20": (p95(login), "s"),
        "login_p95_load20_over_alone": (p95(login) / p95(alone), "x"),
        # The same requests as nginx timed its exchange with gunicorn, and as Django timed them:
        # the rest of login_p95_load20 is TLS, nginx and the client; the difference of the two,
        # gunicorn (accepting and parsing in a busy process, a thread waiting for a core).
        "login_p95_load20_upstream": (
            p95(logged(nginx_log, nginx_start, "nginx", LOGIN, "upstream_s")),
            "s",
        ),
        "login_p95_load20_in_app": (
            p95(logged(log, log_start, "huanjie.request", LOGIN, "duration_ms")),
            "s",
        ),
        "trivial_view_p95_alone": (p95(trivial), "s"),
        "load20_other_pages_p95": (p95(times["pages"] + times["pdf"]), "s"),
        "load20_pdf_p95": (p95(times["pdf"]), "s"),
        "load20_requests_per_second": (sum(map(len, times.values())) / wall, "req/s"),
        # What nginx and gunicorn used and how busy the machine was meanwhile (all its cores,
        # every process): on a shared machine the second shows how much CPU others left them.
        "load20_server_cpu": ((server_cpu(stack) - server_before) / wall, "cores"),
        "load20_machine_busy": (
            1 - (idle_after - idle_before) / max(1, all_after - all_before),
            f"of {os.cpu_count()} cores",
        ),
    }


def own_cores() -> str:
    """BENCH_PRIORITY=-10: the bench (server and clients) in a scheduling group of its own, weighted
    like nice -10 against the machine's other sessions (Linux autogroups; needs root). On a machine
    shared with other jobs this stands in for the dedicated cores of a server; without it the
    figures measure the neighbours as much as the settings (load20_machine_busy says how busy)."""
    priority = os.environ.get("BENCH_PRIORITY", "").strip()
    if not priority:
        return ""
    with contextlib.suppress(PermissionError):  # a process group leader stays in its session
        os.setsid()
    group = Path("/proc/self/autogroup")
    before = group.read_text().split()[-1]
    group.write_text(priority)
    return before


def main() -> None:
    priority_before = own_cores()
    try:
        with contextlib.redirect_stdout(sys.stderr), Stack("huanjie-bench-", keep=KEEP) as stack:
            port, log = start_server(stack)
            cookie = sign_in(port)
            mix, pdf = pages(port, cookie)
            # Warm every worker process and thread: imports, templates, fonts.
            warm = Client(port, cookie)
            for _ in range(3):
                for path in [LOGIN, TRIVIAL, *mix, pdf]:
                    warm.request("GET", path)

            cookies = [sign_in(port) for _ in range(CLIENTS)]
            runs = []
            for run in range(RUNS):
                figures = measure(stack, log, port, cookies, mix, pdf)
                runs.append(figures)
                if RUNS > 1:
                    for name, (value, unit) in figures.items():
                        emit(name, value, unit, run=run + 1)
            for name, (_, unit) in runs[0].items():
                # One run: its figures. Several: the median of each figure over the runs.
                emit(name, statistics.median(figures[name][0] for figures in runs), unit)
            stack.passed = True
    finally:
        if priority_before:
            Path("/proc/self/autogroup").write_text(priority_before)


if __name__ == "__main__":
    main()
