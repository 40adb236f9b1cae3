"""The streaming replica `make bench-scale` reads from (tests/bench/scale_load.py, issue 16):
a fresh pg_basebackup of the local cluster on another port, started for the load, then stopped
and removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

DATABASE_URL = os.environ.get(
    "SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/huanjie_scale"
)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


REPLICA_PORT = int(os.environ.get("SCALE_REPLICA_PORT", "5433"))
REPLICA_DIR = Path(os.environ.get("SCALE_REPLICA_DIR", "/var/tmp/huanjie-scale-replica"))
#: SCALE_REPLICA=0 runs the load on the primary alone.
WITH_REPLICA = os.environ.get("SCALE_REPLICA", "1") != "0"


def as_postgres(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a PostgreSQL program as the postgres user (this machine's cluster runs as it)."""
    command = list(args) if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(command, check=check, capture_output=True, text=True)


def start_replica() -> str:
    """A streaming replica of the local cluster on REPLICA_PORT (a fresh pg_basebackup),
    caught up with the primary; returns its DATABASE_REPLICA_URL."""
    import psycopg

    version = sorted(os.listdir("/etc/postgresql"))[0]
    bin_dir = Path(f"/usr/lib/postgresql/{version}/bin")
    hba = Path(f"/etc/postgresql/{version}/main/pg_hba.conf")
    if "replication" not in "".join(
        line for line in hba.read_text().splitlines() if not line.lstrip().startswith("#")
    ):
        # The local cluster trusts loopback connections; a replica's needs its own line.
        with hba.open("a") as conf:
            conf.write("\n# huanjie bench-scale: a local streaming replica\n")
            conf.write("host replication all 127.0.0.1/32 trust\n")
        subprocess.run(["pg_ctlcluster", version, "main", "reload"], check=True)
        log("pg_hba.conf: replication from 127.0.0.1 allowed")
    # A fresh copy each run (about 10 s for this database): a replica stopped between runs
    # cannot catch up once the primary has recycled the WAL it needs (no slot holds it).
    stop_replica()
    shutil.rmtree(REPLICA_DIR, ignore_errors=True)
    REPLICA_DIR.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(REPLICA_DIR, "postgres", "postgres")
    REPLICA_DIR.chmod(0o700)
    start = time.perf_counter()
    as_postgres(
        "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "-D",
        str(REPLICA_DIR),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
    )
    log(f"pg_basebackup: {time.perf_counter() - start:.0f} s")
    (REPLICA_DIR / "postgresql.conf").write_text(
        f"port = {REPLICA_PORT}\nlisten_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{REPLICA_DIR}'\nhot_standby = on\n"
        f"hba_file = '{REPLICA_DIR / 'pg_hba.conf'}'\n"
        f"ident_file = '{REPLICA_DIR / 'pg_ident.conf'}'\n"
    )
    (REPLICA_DIR / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\n"
    )
    (REPLICA_DIR / "pg_ident.conf").write_text("")
    if os.geteuid() == 0:
        for written in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(REPLICA_DIR / written, "postgres", "postgres")
    as_postgres(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(REPLICA_DIR),
        "-l",
        str(REPLICA_DIR / "replica.log"),
        "-w",
        "start",
    )
    log(f"replica started on port {REPLICA_PORT}")
    name = DATABASE_URL.rsplit("/", 1)[1]
    replica_url = f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{name}"
    with psycopg.connect(DATABASE_URL, autocommit=True) as primary:
        target = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + 600
    with psycopg.connect(replica_url, autocommit=True) as replica:
        assert replica.execute("SELECT pg_is_in_recovery()").fetchone()[0], "not a replica"
        while time.monotonic() < deadline:
            caught_up = replica.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()[0]
            if caught_up:
                break
            time.sleep(1)
        else:
            raise RuntimeError("the replica did not catch up with the primary within 10 minutes")
    return replica_url


def stop_replica(*, remove: bool = False) -> None:
    """Stop the replica if it runs; `remove` deletes its copy of the cluster too."""
    version = sorted(os.listdir("/etc/postgresql"))[0]
    pg_ctl = f"/usr/lib/postgresql/{version}/bin/pg_ctl"
    if (REPLICA_DIR / "postmaster.pid").exists():
        as_postgres(pg_ctl, "-D", str(REPLICA_DIR), "-m", "fast", "-w", "stop", check=False)
    if remove:
        shutil.rmtree(REPLICA_DIR, ignore_errors=True)


def replica_transactions(replica_url: str) -> int:
    """Transactions the replica has served for the database (pg_stat_database)."""
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(replica_url, autocommit=True) as replica:
        return replica.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", [name]
        ).fetchone()[0]
