"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi`, used by the image,
`make deploy-check` and `make bench`.

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
# One process per core and one more, so a request that holds the GIL (rendering a page, laying
# out a PDF) leaves another process for the next request; more processes did not make the login
# page faster (above) and cost memory: each is about 150 MB with WeasyPrint loaded. Set
# GUNICORN_WORKERS lower on a small machine.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
# Threads per process: while a request waits for the database the GIL is free for another.
# workers x threads (24 on 2 cores) is the number of requests served at once; more wait in the
# queue, and a slot-bound queue is what made the p95 of 2 sync workers 1.57 s.
threads = _int("GUNICORN_THREADS", 8)
# A worker silent for this long is killed and replaced. The slowest legitimate request is a county
# roster export (about 20 s) or a web import of 50,000 rows (IMPORT_TIME_LIMIT_SECONDS, 180 s by
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
