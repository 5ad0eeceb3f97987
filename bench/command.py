"""Run one benchmark command without shipping it inside an app:

    DJANGO_DEBUG=1 python bench/command.py bench_catalog [--products 10000] [--requests 200]
    DJANGO_DEBUG=1 python bench/command.py bench_routines [--users 1000] [--days 730]
    DJANGO_DEBUG=1 python bench/command.py bench_export [--days 730]
    DJANGO_DEBUG=1 python bench/command.py bench_import [--rows 1000]

Each bench/bench_<name>.py holds a Django management Command class; this sets Django up and
runs it with the arguments given, as `manage.py <name>` did.
"""

import importlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

NAMES = ("bench_catalog", "bench_routines", "bench_export", "bench_import")


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in NAMES:
        sys.exit(f"usage: python bench/command.py {{{'|'.join(NAMES)}}} [options]")
    import django

    django.setup()
    module = importlib.import_module(f"bench.{argv[0]}")
    module.Command().run_from_argv(["bench/command.py", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
