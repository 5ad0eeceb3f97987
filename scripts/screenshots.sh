#!/usr/bin/env bash
# Screenshots of every page in the inventory (tests/quality/pages.py) at 375 and 1280 px,
# signed in with sample data, into var/screenshots/ (or $SCREENSHOT_DIR); open index.html.
# Needs the dev tools (make dev-venv) and Chromium at /usr/bin/chromium (or $CHROMIUM_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
DJANGO_DEBUG=1 exec .venv/bin/pytest tests/browser/screenshots.py -q -s "$@"
