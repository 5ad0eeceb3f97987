"""Catalog pages are valid HTML (Nu HTML checker; skipped without Java or the npm tools)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from catalog.models import Product
from tests.catalog.factories import ProductFactory

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
# htmx attributes are not in the HTML standard; everything else must validate.
HTMX_ATTRIBUTES = r".*Attribute “hx-[a-z-]+” not allowed.*"


@pytest.mark.django_db
def test_catalog_pages_are_valid_html(client, tmp_path):
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.skip("the Nu HTML checker needs java and node_modules/vnu-jar (make test)")
    Product.objects.all().delete()
    one = ProductFactory(slug="one", is_vegan=True)
    ProductFactory(slug="two")
    for slug in ("one", "two"):
        client.post(reverse("catalog:compare"), {"action": "add", "product": slug})
    pages = {
        "list": reverse("catalog:list") + "?min_price=abc&concern=nope",
        "empty-list": reverse("catalog:list") + "?exosomes=on",
        "detail": one.get_absolute_url(),
        "compare": reverse("catalog:compare"),
        "fit": reverse("catalog:fit") + "?goal=vegan",
        "fit-errors": reverse("catalog:fit") + "?goal=nonsense",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--filterpattern",
            HTMX_ATTRIBUTES,
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert problems == []
