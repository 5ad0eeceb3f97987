"""The production static files storage: WhiteNoise's compressed, hashed-name storage, with
each name's URL worked out once per process.

`{% static %}` asks the storage for a URL on every use, and the signed-in header alone has
eleven: each a manifest lookup, a urljoin and quoting. The manifest is read once when the
process starts and does not change while it runs, so the answer for a name does not change
either; collectstatic's post-processing (which rebuilds the manifest) starts afresh.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url

    def post_process(self, *args, **kwargs):
        self._urls = {}
        yield from super().post_process(*args, **kwargs)
        self._urls = {}
