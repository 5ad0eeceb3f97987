#!/usr/bin/env python3
"""Copy a SQLite database safely, live or not, then check the copy.

    python3 scripts/sqlite_backup.py SOURCE DEST

Backup (SOURCE is the live database): safe while the site is running. The copy is made in
ONE step of SQLite's online backup API (`pages=-1`), inside one read transaction: in WAL
mode the site's writers carry on meanwhile and the copy is the database as it was when
the step began. (Copying a few pages per step, as before, restarts from the first page
whenever the site writes between two steps; under steady writes it never finished.)

Restore (DEST is the live database): stop the site and the reminder senders first. A
database left behind by a crash may still have a `-wal` file with committed writes; the
restore opens DEST alone, which lets SQLite fold that WAL back into it, and keeps it as
DEST.previous before putting the copy in its place, so nothing is thrown away. Only if
another process still has DEST open (SQLite then refuses to leave WAL mode) does it stop,
and it says which services to stop.

Either way DEST is written to DEST.partial and renamed only after `PRAGMA
integrity_check` passes, so a half-written copy never replaces a good file, and the
result is one self-contained file (journal_mode=DELETE, no -wal/-shm beside it).
"""

import os
import sqlite3
import sys


class InUse(SystemExit):
    pass


def settle(path: str) -> None:
    """Fold a leftover WAL into `path` and remove -wal/-shm; InUse if it is open elsewhere."""
    try:
        con = sqlite3.connect(path, timeout=2)
    except sqlite3.Error as exc:
        raise SystemExit(f"cannot open {path}: {exc}") from None
    try:
        # Leaving WAL mode needs the only connection: SQLite checkpoints the WAL (after
        # recovering it, if a crashed process left it behind) and deletes it.
        (mode,) = con.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise InUse(
                f"{path} is open in another process (the site or a reminder sender is "
                "still running). Stop them, e.g. `sudo systemctl stop cellwise "
                "cellwise-reminders`, and run this again."
            ) from None
        raise SystemExit(f"{path} cannot be read as a SQLite database: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise SystemExit(f"{path} cannot be read as a SQLite database: {exc}") from None
    finally:
        con.close()
    if mode != "delete":
        raise InUse(f"{path} stays in {mode} mode: is another process using it?")


def backup(source: str, dest: str) -> str | None:
    """Copy `source` to `dest`; returns where the file it replaced was kept, if any."""
    if not os.path.exists(source):
        raise SystemExit(f"{source} does not exist")
    if os.path.exists(dest):
        settle(dest)
    partial = dest + ".partial"
    for stale in (partial, partial + "-journal"):
        if os.path.exists(stale):
            os.remove(stale)
    src = sqlite3.connect(source, timeout=20)
    out = sqlite3.connect(partial)
    try:
        src.backup(out, pages=-1)  # one step: one consistent snapshot, never restarted
        (result,) = out.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise SystemExit(f"integrity check of the copy failed: {result}")
        out.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    finally:
        out.close()
        src.close()
    kept = None
    if os.path.exists(dest):
        kept = dest + ".previous"
        os.replace(dest, kept)
    os.replace(partial, dest)
    return kept


def main(argv: list[str]) -> None:
    if len(argv) != 3:
        raise SystemExit(__doc__)
    kept = backup(argv[1], argv[2])
    print(f"copied {argv[1]} to {argv[2]}" + (f"; the file it replaced is {kept}" if kept else ""))


if __name__ == "__main__":
    main(sys.argv)
