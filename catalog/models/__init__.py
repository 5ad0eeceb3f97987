"""The serum catalog: brands, products and the vocabulary used to judge them.

Values the source does not give are stored as NULL/blank and shown to readers as "Not
recorded" (we have not got the fact). "Not disclosed" is kept for the one case where a staff
editor checked and recorded that the brand withholds it; nothing here guesses, and a value
that is inferred rather than stated says what it was inferred from.
"""

from catalog.models.dictionary import IngredientClass, IngredientSynonym
from catalog.models.product import Product
from catalog.models.querysets import ProductQuerySet, without_search_vectors
from catalog.models.vocabulary import (
    NOT_DISCLOSED,
    NOT_RECORDED,
    Brand,
    Concern,
    Ingredient,
    ingredient_sources_url,
)

__all__ = [
    "without_search_vectors",
    "NOT_DISCLOSED",
    "NOT_RECORDED",
    "Brand",
    "Concern",
    "Ingredient",
    "IngredientClass",
    "IngredientSynonym",
    "Product",
    "ProductQuerySet",
    "ingredient_sources_url",
]
