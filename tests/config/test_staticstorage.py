"""The production static storage answers each name's URL once per process, and the answer
is the hashed name collectstatic wrote into the manifest."""

import re

import pytest
from django.core.files.base import ContentFile

from config.staticstorage import StaticFilesStorage


def collected(tmp_path, css: str) -> StaticFilesStorage:
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.save("css/a.css", ContentFile(css.encode()))
    list(storage.post_process({"css/a.css": (storage, "css/a.css")}))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")  # a new process


def test_url_is_the_manifests_hashed_name_and_stays_so(tmp_path):
    storage = collected(tmp_path, "body { color: black }")
    url = storage.url("css/a.css")
    assert re.fullmatch(r"/static/css/a\.[0-9a-f]{12}\.css", url)
    assert storage.url("css/a.css") == url
    assert storage._urls == {"css/a.css": url}


def test_a_name_missing_from_the_manifest_is_refused_every_time(tmp_path):
    storage = collected(tmp_path, "body { color: black }")
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")


def test_collecting_again_answers_with_the_new_hash(tmp_path):
    storage = collected(tmp_path, "body { color: black }")
    before = storage.url("css/a.css")
    storage.delete("css/a.css")
    storage.save("css/a.css", ContentFile(b"body { color: navy }"))
    list(storage.post_process({"css/a.css": (storage, "css/a.css")}))
    assert storage.url("css/a.css") not in ("", before)
