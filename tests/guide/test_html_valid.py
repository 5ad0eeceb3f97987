"""The guide's pages are valid HTML according to the Nu HTML checker (vnu-jar from npm)."""

import pytest

from tests.quality.checkers import invalid_html

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


@pytest.mark.django_db
def test_guide_pages_are_valid_html(client, tmp_path):
    assert invalid_html(client, PAGES, tmp_path) == []
