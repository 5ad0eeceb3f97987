"""The one seam through which the reader's side learns what a signed-in reader avoids.

catalog and guide must not import routines (docs/ARCHITECTURE.md). This middleware sets
`request.avoided_ingredient_ids`: a frozenset of catalog ingredient ids, empty for
anonymous readers, read from the database only when a view first uses it.
catalog.selectors.avoid_flags matches it against products.
"""

from django.utils.functional import SimpleLazyObject

from routines.models import AvoidedIngredient


def avoided_ingredient_ids(user) -> frozenset[int]:
    """The catalog ingredient ids on this user's avoid list (one query; none when anonymous)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    return frozenset(
        AvoidedIngredient.objects.filter(user=user).values_list("ingredient_id", flat=True)
    )


class AvoidedIngredientsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.avoided_ingredient_ids = SimpleLazyObject(
            lambda: avoided_ingredient_ids(getattr(request, "user", None))
        )
        return self.get_response(request)
