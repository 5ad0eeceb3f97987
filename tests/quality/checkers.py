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
