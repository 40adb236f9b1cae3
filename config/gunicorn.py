"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi`, used by the image,
`make deploy-check` and `make bench`. Two pools of them run behind nginx (GUNICORN_POOL below,
docker-compose.yml's web and web-heavy): the heavy paths at a lower CPU priority, so the login
page is not kept waiting by PDFs and a renewal's pages (issue 13, item 7; figures in the README).

Threaded workers (gthread): a PDF or an export that takes seconds holds one thread, not a whole
process, so a trivial page is not queued behind it. With two sync workers, 20 clients pushed the
login page's p95 from 29 ms to 1.57 s (issue 13); `make bench BENCH=login_load` prints the figures
for these settings (login_p95_alone, login_p95_load20). Every value can be set from the environment.

How the sizes were chosen (tests/bench/bench_login_load.py on 2 cores, November 2026; the figures
are in the README's deployment section): with the bench's own scheduling group (BENCH_PRIORITY,
standing in for a server's own cores), cores + 1 processes of 8 threads, 2 x cores + 1 of 4 or of 2
threads (a busy process then accepting no more connections) and 2 x cores + 1 sync processes all
gave the same login p95 under load within the run-to-run noise (20-36 ms, 5-8 x alone), and
sys.setswitchinterval(0.001) did not change it either. With the machine shared by other jobs,
10 slots (processes x threads) queued the login page for 1.0-1.6 s at p95, 24 did not: slow
neighbours stretch every request, and one waiting for a free slot waits for all of that. What
the sizes cannot remove: a
login request that had a process to itself still took 8-15 ms at p95 under load against 4-5 ms
alone, waiting for a core that the other requests' rendering (0.7-0.9 of the 2 cores) held;
timed on both sides, 6-7 ms of the p95 were inside Django and 8-14 ms before it (accepting and
parsing in a busy process), whether gthread, sync or a 0.5 ms GIL switch interval.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # inside the container
worker_class = "gthread"
# Which pool this server is (README, 部署; nginx routes by path, deploy/nginx/nginx.conf.template):
# "light" for the login page and ordinary pages, "heavy" for documents, exports and imports, or
# empty for one pool serving everything (a single node, `make cluster-check`'s nodes). The pool
# gives the defaults of the sizes and the priority below; each can still be set on its own.
pool = os.environ.get("GUNICORN_POOL", "").strip()
if pool not in ("", "light", "heavy"):
    raise ValueError(f"GUNICORN_POOL must be light, heavy or empty, not {pool!r}")
# One process per core and one more, so a request that holds the GIL (rendering a page, laying
# out a PDF) leaves another process for the next request; more processes did not make the login
# page faster (above) and cost memory: each is about 150 MB with WeasyPrint loaded. Set
# GUNICORN_WORKERS lower on a small machine.
# The heavy pool: one process per core, as a PDF keeps a core busy and a third would only
# take turns with the two.
cores = multiprocessing.cpu_count()
workers = _int("GUNICORN_WORKERS", cores if pool == "heavy" else cores + 1)
# Threads per process: while a request waits for the database the GIL is free for another.
# workers x threads (24 on 2 cores) is the number of requests served at once; more wait in the
# queue, and a slot-bound queue is what made the p95 of 2 sync workers 1.57 s.
# The heavy pool: 4 threads a process, requests beyond them wait in its queue, not the light pool's.
threads = _int("GUNICORN_THREADS", 4 if pool == "heavy" else 8)
# The pool's CPU priority: 0 for the light pool (the login page, the ordinary pages), 10 for the
# heavy one (documents, exports, imports: nginx routes them there by path, deploy/nginx/), so that
# the kernel runs a waiting light request before a PDF being laid out. Applied to each worker
# process as it starts (post_fork, below), so the master stays responsive to signals. A nice value
# weighs only against the processes of its own scheduling group (a container's cgroup, a login
# session's autogroup): in compose the heavy service gets a lower cpu_shares as well.
nice = _int("GUNICORN_NICE", 10 if pool == "heavy" else 0)


def post_fork(server: object, worker: object) -> None:
    """Runs in each new worker before its threads exist, so they inherit the priority."""
    if nice:
        os.nice(nice)


# A worker silent for this long is killed and replaced. The slowest legitimate request is a county
# roster export (about 20 s) or a web import of 100,000 rows (IMPORT_TIME_LIMIT_SECONDS, 180 s by
# default, in a child process that the worker waits for), so the limit sits above both.
timeout = _int("GUNICORN_TIMEOUT", 200)
# On SIGTERM (docker stop, a deploy) requests in progress get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps connections to gunicorn open (upstream keepalive); close idle ones after this.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Each worker is replaced after this many requests (plus up to the jitter, so they are not all
# replaced at once): memory that a PDF or a spreadsheet left behind is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# The heartbeat file of each worker: in memory, not on the container's overlay disk, where a slow
# write makes the master think a healthy worker hung. /dev/shm is absent on some hosts.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The application logs every request as a JSON line with its request id (config.logs), so
# gunicorn's own access log is off unless asked for ("-" for standard output).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's own messages (worker started, worker timed out) as JSON lines like the app's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
