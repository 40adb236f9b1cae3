"""`make cluster-check`: two app nodes behind one nginx on one PostgreSQL, a whole renewal walked
through them in turn.

The image's layout is built on this host as for `make deploy-check` (deploy/stack.py), then:
1. a throw-away PostgreSQL database is created (CLUSTER_CHECK_POSTGRES, by default the local
   server as postgres: postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end;
   migrated, with the demo's tree, roster and users (`seed_demo --without-renewals`);
2. two gunicorn nodes (config/gunicorn.py, NODE_NAME node-1 and node-2) with the same settings:
   one secret, one database, one MEDIA_ROOT (the shared folder uploads live in), and the job
   job worker (WORKER_COMMAND, `manage.py run_worker`); nginx from the image's entrypoint with both
   nodes as its upstream, one nginx worker so that its round robin is one sequence;
3. deploy/renewal_walk.py walks a renewal from the roster import to the sealed archive, and
   checks that each request was served by the other node than the one before it.
Prints the wall time. `--keep` leaves the temporary folder (logs) and the database.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.client import NODE_HEADER
from deploy.stack import STARTED, Stack, require, step, wait_healthy

NODES = ("node-1", "node-2")
POSTGRES = os.environ.get("CLUSTER_CHECK_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
# The one job worker beside the nodes (config/queue.py): imports, mail, reminders.
WORKER_COMMAND = [sys.executable, "manage.py", "run_worker", "--concurrency", "2"]


def database_url(name: str) -> str:
    parts = urlsplit(POSTGRES)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(sql)


def use_cluster_database(env: dict[str, str]) -> None:
    """This process's ORM on the cluster's settings, for the walk's moves in time."""
    os.environ.update({k: v for k, v in env.items() if k not in ("PATH", "HOME")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    keep = parser.parse_args().keep
    name = f"huanjie_cluster_{secrets.token_hex(4)}"
    try:
        admin(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # said plainly, with what to do
        raise SystemExit(f"cluster-check needs PostgreSQL at {POSTGRES}: {exc}") from exc
    step(f"database {name} created")
    try:
        with Stack("huanjie-cluster-", keep=keep) as stack:
            cluster(stack, database_url(name))
            stack.passed = True
    finally:
        if keep:
            print(f"database kept: {database_url(name)}")
        else:
            from django.db import connections

            connections.close_all()
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"cluster-check passed in {time.monotonic() - STARTED:.1f} s")


def cluster(stack: Stack, url: str) -> None:
    # The walk reads the Chinese pages: no catalogue needed. In CI, `make deploy-check` has just
    # collected the static files of this very context.
    stack.build(messages=False, reuse_static=True)
    # Two processes of few threads a node: two nodes on a CI machine of two cores.
    env = stack.runtime_env(url, GUNICORN_WORKERS="2", GUNICORN_THREADS="4")
    stack.prepare_database(env, "--without-renewals")
    ports = [stack.start_gunicorn(node, {**env, "NODE_NAME": node})[0] for node in NODES]
    stack.start("worker", WORKER_COMMAND, env, sig=signal.SIGTERM)
    worker, worker_health = " ".join(WORKER_COMMAND[1:]), "ok"  # its heartbeat in /healthz
    _, https_port = stack.start_nginx(ports, NGINX_WORKER_PROCESSES="1")
    seen: set[str] = set()
    deadline = time.monotonic() + 90
    while seen != set(NODES):  # nginx passes a probe to the other node while one starts
        seen.add(wait_healthy(https_port, deadline, worker=worker_health).get(NODE_HEADER, ""))
    step(f"{', '.join(NODES)} on :{ports[0]} and :{ports[1]}, nginx on :{https_port}; "
         f"worker: {worker}")  # fmt: skip

    use_cluster_database(env)
    from deploy.renewal_walk import RenewalWalk

    RenewalWalk(https_port).run()
    media = Path(env["MEDIA_ROOT"])
    require(any(media.rglob("*.pdf")), f"no uploads or documents in the shared {media}")


if __name__ == "__main__":
    main()
