"""scripts/sqlite_backup.py: a backup that finishes under write load, a restore after a crash."""

import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "sqlite_backup.py"
spec = importlib.util.spec_from_file_location("sqlite_backup", SCRIPT)
sqlite_backup = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sqlite_backup)


def make_database(path, rows=0, blob=0):
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
    con.executemany("INSERT INTO t (body) VALUES (?)", ((os.urandom(blob),) for _ in range(rows)))
    con.commit()
    con.close()


def count(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM t").fetchone()[0]
    finally:
        con.close()


def python(code, *args):
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *map(str, args)])  # noqa: S603


WRITER = """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], timeout=20, isolation_level=None)
    con.execute("PRAGMA synchronous=NORMAL")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        con.execute("INSERT INTO t (body) VALUES (randomblob(512))")
        with open(sys.argv[2], "w") as f:
            f.write("1")
        time.sleep(0.002)
"""


def test_backup_finishes_under_steady_writes(tmp_path):
    live, copy, started = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3", tmp_path / "w"
    make_database(live, rows=12_000, blob=2048)  # about 25 MB
    writer = python(WRITER, live, started)
    try:
        for _ in range(500):
            if started.exists():
                break
            time.sleep(0.01)
        before = count(live)
        t0 = time.monotonic()
        sqlite_backup.backup(str(live), str(copy))
        elapsed = time.monotonic() - t0
        after = count(live)
    finally:
        writer.send_signal(signal.SIGTERM)
        writer.wait(10)
    assert after > before, "the writer was not writing during the backup"
    assert elapsed < 30
    assert before <= count(copy) <= after
    con = sqlite3.connect(copy)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    assert not Path(f"{copy}-wal").exists()


CRASHING_WRITER = """
    import os, sqlite3, sys
    con = sqlite3.connect(sys.argv[1])
    con.execute("PRAGMA wal_autocheckpoint=0")  # the write stays in the -wal file
    con.execute("INSERT INTO t (body) VALUES (x'00')")
    con.commit()
    os.kill(os.getpid(), 9)
"""


def test_restore_after_a_crash_folds_the_leftover_wal_and_keeps_it(tmp_path):
    live, saved = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    make_database(live, rows=3)
    sqlite_backup.backup(str(live), str(saved))
    python(CRASHING_WRITER, live).wait(30)
    assert Path(f"{live}-wal").stat().st_size > 0  # the site died with unsaved writes

    result = subprocess.run(  # noqa: S603
        [sys.executable, SCRIPT, saved, live], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "live.sqlite3.previous" in result.stdout
    assert count(live) == 3  # exactly the backup
    assert not Path(f"{live}-wal").exists() and not Path(f"{live}-shm").exists()
    # The crashed database, its WAL folded in, is kept beside it.
    assert count(f"{live}.previous") == 4


HOLDER = """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1])
    con.execute("SELECT count(*) FROM t").fetchone()
    open(sys.argv[2], "w").close()
    time.sleep(30)
"""


def test_restore_refuses_while_the_site_has_the_database_open(tmp_path):
    live, saved, ready = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3", tmp_path / "r"
    make_database(live, rows=3)
    sqlite_backup.backup(str(live), str(saved))
    holder = python(HOLDER, live, ready)
    try:
        for _ in range(500):
            if ready.exists():
                break
            time.sleep(0.01)
        with pytest.raises(SystemExit, match="still running.*systemctl stop"):
            sqlite_backup.backup(str(saved), str(live))
    finally:
        holder.kill()
        holder.wait(10)
    assert count(live) == 3
    assert not Path(f"{live}.previous").exists()
    # Once it is stopped, the same command goes through.
    sqlite_backup.backup(str(saved), str(live))
    assert count(live) == 3
