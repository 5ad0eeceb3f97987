#!/usr/bin/env python3
"""Copy a live SQLite database safely (SQLite's online backup API), then check the copy.

    python3 scripts/sqlite_backup.py SOURCE DEST

Safe while the site is running: readers and the writer carry on; the copy is a consistent
snapshot. DEST is written to a temporary name and renamed only after `PRAGMA
integrity_check` passes, so a half-written backup never replaces a good one. Restoring is
the same command the other way round, with the site stopped (see docs/deploy.md).
"""

import os
import sqlite3
import sys


def backup(source: str, dest: str) -> None:
    wal = dest + "-wal"
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        raise SystemExit(f"{wal} holds unsaved writes: is the site still using {dest}? Stop it.")
    partial = dest + ".partial"
    if os.path.exists(partial):
        os.remove(partial)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    out = sqlite3.connect(partial)
    try:
        src.backup(out, pages=1024)
        (result,) = out.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise SystemExit(f"integrity check of the copy failed: {result}")
        out.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    finally:
        out.close()
        src.close()
    for leftover in (dest + "-wal", dest + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)  # empty files from the replaced database
    os.replace(partial, dest)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    backup(sys.argv[1], sys.argv[2])
    print(f"backed up {sys.argv[1]} to {sys.argv[2]}")
