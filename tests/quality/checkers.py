"""The npm-installed checkers (`make test` runs `npm ci`): Nu HTML checker and axe-core."""

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# htmx's attributes (hx-get, hx-swap-oob, …) are not in the HTML standard, so the checker
# reports each one. Only that exact message is ignored; every other error counts.
HTMX_ATTRIBUTE = re.compile(
    r"^Attribute “hx-[a-z-]+” not allowed on element “[a-z0-9-]+” at this point\.$"
)


def vnu_missing_reason() -> str:
    """Why the HTML check cannot run here ('' when it can)."""
    if not shutil.which("java"):
        return "the Nu HTML checker needs java (apt-get install default-jre-headless)"
    if not VNU.exists():
        return f"the Nu HTML checker is missing at {VNU} (make test runs npm ci)"
    return ""


def vnu_errors(files: list[Path]) -> tuple[list[dict], int]:
    """Run the checker once over all files: (errors that count, htmx messages ignored)."""
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
        [
            shutil.which("java"),
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--errors-only",
            *[str(f) for f in files],
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    htmx = [m for m in messages if HTMX_ATTRIBUTE.match(m.get("message", ""))]
    return [m for m in messages if m not in htmx], len(htmx)


def render_pages(client, urls: list[str], folder: Path) -> list[Path]:
    """GET each URL (each must answer 200) and save the HTML for the checker."""
    files = []
    for number, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        path = folder / f"page{number}.html"
        path.write_bytes(response.content)
        files.append(path)
    return files


def invalid_html(client, urls: list[str], folder: Path) -> list[str]:
    """Render the URLs and return the checker's errors as "url: message" (skips without it)."""
    import pytest

    if reason := vnu_missing_reason():
        pytest.skip(reason)
    files = render_pages(client, urls, folder)
    errors, htmx_ignored = vnu_errors(files)
    # Every page carries htmx attributes, so zero of them means the checker did not run.
    assert htmx_ignored, "the checker ran (htmx attributes are always reported)"
    by_file = {f"file:{path.resolve()}": url for path, url in zip(files, urls, strict=True)}
    return [f"{by_file.get(m.get('url'), m.get('url'))}: {m['message']}" for m in errors]
