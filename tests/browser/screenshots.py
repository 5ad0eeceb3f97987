"""Screenshots for review: every page of the inventory (tests/quality/pages.py) at 375 and
1280 px, signed in as each kind of visitor with the inventory's sample data, written to
var/screenshots/ (or SCREENSHOT_DIR) with an index.html to look through them in a browser.

Run with `make screenshots` (scripts/screenshots.sh). Not part of `make test`: the file
name does not start with test_, so pytest collects it only when named.
"""

import html
import os
import re
from pathlib import Path

import pytest

from tests.browser.tour import tour
from tests.quality.pages import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)
HEIGHT = 900
ROOT = Path(__file__).resolve().parents[2]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def test_screenshots(browser, live_server, transactional_db):
    out = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "var" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    world = build_world()
    shots: list[tuple[str, str, list[str]]] = []

    def visit(page, row):
        names = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            name = f"{row.who}-{slug(row.label)}-{width}.png"
            # caret="initial": Playwright would otherwise hide the caret with an inline
            # style on inputs, which htmx then copies on its next swap and the strict CSP
            # reports (style-src-attr) as if the site had done it.
            page.screenshot(path=str(out / name), full_page=True, caret="initial")
            names.append(name)
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        shots.append((row.who, row.label, names))
        return []

    report = tour(browser, live_server.url, world, visit, {"width": WIDTHS[0], "height": HEIGHT})
    (out / "index.html").write_text(index_html(shots), encoding="utf-8")
    print(f"\n{len(shots) * len(WIDTHS)} screenshots in {out} (open index.html)")
    assert report == [], "\n".join(report)


def index_html(shots) -> str:
    rows = "\n".join(
        f"<section><h2>{html.escape(who)}: {html.escape(label)}</h2>"
        + "".join(f'<a href="{n}"><img src="{n}" alt="" loading="lazy"></a>' for n in names)
        + "</section>"
        for who, label, names in shots
    )
    return f"""<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Cellwise screenshots</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; }}
section {{ margin-bottom: 2rem; }}
h2 {{ font-size: 1rem; }}
img {{ vertical-align: top; border: 1px solid #ccc; margin-right: 1rem; max-height: 600px; }}
img[src$="-375.png"] {{ width: 187px; }} img[src$="-1280.png"] {{ width: 640px; }}
</style>
<h1>Cellwise: every page at 375 and 1280 px</h1>
{rows}
</html>
"""
