"""htmx responses: the one helper that adds `Vary: HX-Request`."""

from django.utils.cache import patch_vary_headers


def vary_on_htmx(response):
    """Pages that answer htmx with a fragment and browsers with the page vary on HX-Request."""
    patch_vary_headers(response, ["HX-Request"])
    return response
