"""The guide's pages are valid HTML according to the Nu HTML checker (vnu-jar from npm)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
PAGES = [
    "/guide/",
    "/guide/ingredient-sources/",
    "/guide/how-to-use/",
    "/guide/faq/",
    "/guide/glossary/",
    "/search/",
    "/search/?q=exosome",
    "/search/?q=zzqxv",
]


@pytest.mark.skipif(
    not VNU.exists() or not shutil.which("java"), reason="needs java and npm's vnu-jar"
)
@pytest.mark.django_db
def test_guide_pages_are_valid_html(client, tmp_path):
    files = []
    for number, url in enumerate(PAGES):
        response = client.get(url)
        assert response.status_code == 200
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 - fixed arguments, local files
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    # htmx attributes (hx-*) are not in the HTML standard; everything else must pass.
    problems = [
        f"{PAGES[files.index(m['url'].removeprefix('file:'))]}: {m['message']}"
        for m in messages
        if "“hx-" not in m["message"]
    ]
    assert messages, "the checker ran (htmx attributes are always reported)"
    assert problems == []
