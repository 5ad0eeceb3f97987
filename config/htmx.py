"""htmx responses: the one home for `Vary: HX-Request`.

A page that answers htmx with a fragment and a browser with the whole page must say so,
or a cache may hand one to the other. `vary_on_htmx` works both ways:
`return vary_on_htmx(render(...))` on a response, or `@vary_on_htmx` on a view.
"""

from functools import wraps

from django.http import HttpResponseBase
from django.utils.cache import patch_vary_headers


def vary_on_htmx(response_or_view):
    if isinstance(response_or_view, HttpResponseBase):
        patch_vary_headers(response_or_view, ["HX-Request"])
        return response_or_view
    view = response_or_view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return vary_on_htmx(view(request, *args, **kwargs))

    return wrapper
