"""Every page of the inventory, and every form re-rendered with errors, is valid HTML."""

from pathlib import Path

import pytest

from tests.quality.checkers import vnu_errors, vnu_missing_reason
from tests.quality.pages import client_for, form_errors, pages


@pytest.mark.django_db
def test_every_page_is_valid_html(world, tmp_path):
    if reason := vnu_missing_reason():
        pytest.skip(reason)
    clients = {}
    files: dict[str, str] = {}
    for number, page in enumerate(pages(world)):
        client = clients.setdefault(page.who, client_for(page.who, world))
        response = client.get(page.url, follow=True)
        assert response.status_code == 200, f"{page.label} ({page.url}) as {page.who}"
        assert response["Content-Type"].startswith("text/html"), page.label
        path = tmp_path / f"page{number:03d}.html"
        path.write_bytes(response.content)
        files[str(path)] = f"{page.label} ({page.who})"
    for number, form in enumerate(form_errors(world)):
        client = clients.setdefault(form.who, client_for(form.who, world))
        response = client.post(form.url, form.data)
        assert response.status_code in (200, 400), f"{form.label}: {response.status_code}"
        assert b"errorlist" in response.content or b"form-errors" in response.content, form.label
        path = tmp_path / f"form{number:03d}.html"
        path.write_bytes(response.content)
        files[str(path)] = form.label

    errors, htmx_ignored = vnu_errors([Path(f) for f in files])

    assert htmx_ignored > 0, "the checker ran (htmx attributes are always reported)"
    problems = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}, "
        f"line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:80]}]"
        for m in errors
    ]
    assert problems == [], f"{len(problems)} errors:\n" + "\n".join(problems)
