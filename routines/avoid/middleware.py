"""The one seam through which the reader's side learns what a signed-in reader avoids.

catalog and guide must not import routines (docs/ARCHITECTURE.md). This middleware sets
`request.avoid_list`: a catalog.avoid.AvoidList (ingredient ids and classes), empty for
anonymous readers, read from the database only when a view first uses it.
catalog.selectors.avoid_flags matches it against products.
"""

from django.utils.functional import SimpleLazyObject

from routines.avoid.selectors import avoid_list_for


class AvoidedIngredientsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.avoid_list = SimpleLazyObject(
            lambda: avoid_list_for(getattr(request, "user", None))
        )
        return self.get_response(request)
