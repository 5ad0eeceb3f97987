"""Product queries: reusable filters, and the one write that keeps stored columns current."""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, StringAgg, Subquery, Value

from catalog import ingredient_roles, textsearch

# A product whose price is not recorded.
UNPRICED = Q(price__isnull=True)


def without_search_vectors(queryset, *relations: str):
    """`queryset` with the stored search vector of each product it joins through
    `relations` ("product", "step__product") left out of its SELECT.

    Product's manager leaves its own vector out, but select_related() selects every column
    of the joined row, and only the database reads a vector (site search). Checked on every
    page by tests/quality/test_search_vectors.py."""
    return queryset.defer(*(f"{relation}__search_vector" for relation in relations))


class ProductQuerySet(models.QuerySet):
    """Products; ``with_lists()`` also loads what cards, scorecards and cautions read."""

    _with_lists = False

    def with_lists(self):
        """Each product's concern_list and ingredient_list, read in two plain joined queries
        when the rows are fetched. Like prefetch_related, without its per-row managers, which
        cost several times the queries on a page of cards."""
        clone = self._chain()
        clone._with_lists = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._with_lists = self._with_lists
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is None
        super()._fetch_all()
        if fetched and self._with_lists:
            attach_lists([row for row in self._result_cache if isinstance(row, self.model)])

    def published(self):
        return self.filter(is_published=True)

    def for_concern(self, concern):
        return self.filter(concerns=concern)

    def human_derived(self):
        return self.filter(is_human_derived=True)

    def without_price(self):
        """Products whose price is not recorded (kept visible by price filters and sorts)."""
        return self.filter(UNPRICED)

    def with_price_per_ml(self):
        """Kept for callers: unit_price (price per ml, NULL when unknown) is now a stored column."""
        return self

    def with_score_points(self):
        """Annotate score_points: the stored scorecard total (see Product.score)."""
        return self.annotate(score_points=F("score"))

    def refresh_derived(self) -> int:
        """Recompute the stored columns derived from other rows, in one UPDATE.

        Call after a product's ingredients, concerns or brand change, or an ingredient's
        name or role, or a brand's name (catalog.services does, and the admin calls it):
        the has_* facts Product.score reads, the brand_name sort key, and on PostgreSQL
        the search vector. Product.score and unit_price need nothing: the database keeps them.
        """
        links = self.model.ingredients.through.objects.filter(product_id=OuterRef("pk"))
        brand_name = Subquery(
            self.model.brand.field.related_model.objects.filter(pk=OuterRef("brand_id")).values(
                "name"
            )[:1]
        )

        # An ingredient's own role or any of its classes' (catalog.ingredient_roles).
        def playing(roles):
            return Exists(
                links.filter(Q(ingredient__role__in=roles) | Q(ingredient__classes__role__in=roles))
            )

        values = {
            "has_supporting_ingredient": playing(ingredient_roles.SUPPORTING_ROLES),
            "has_caution_ingredient": playing(ingredient_roles.HARSH_ROLES),
            "has_ingredients": Exists(links),
            "has_concerns": Exists(
                self.model.concerns.through.objects.filter(product_id=OuterRef("pk"))
            ),
            "brand_name": brand_name,
        }
        if textsearch.uses_postgres_search():
            ingredient_names = Subquery(
                links.values("product_id")
                .annotate(names=StringAgg("ingredient__name", Value(" ")))
                .values("names")
            )
            values["search_vector"] = textsearch.weighted_vector(
                ("name", "A"),
                (brand_name, "A"),
                ("profile", "B"),
                (ingredient_names, "B"),
                ("why_consider", "C"),
            )
        return self.update(**values)


def attach_lists(products) -> None:
    """Set concern_list (order, name) and ingredient_list (name) on each of `products`."""
    by_id = {product.pk: product for product in products}
    if not by_id:
        return
    model = type(next(iter(by_id.values())))
    for product in by_id.values():
        product.__dict__["concern_list"] = []
        product.__dict__["ingredient_list"] = []
    related = (
        ("concern_list", model.concerns.field.related_model, ("order", "name")),
        ("ingredient_list", model.ingredients.field.related_model, ("name",)),
    )
    for attribute, vocabulary, order in related:
        rows = (
            vocabulary.objects.filter(products__in=list(by_id))
            .annotate(_listed_for=F("products"))
            .order_by(*order)
        )
        for row in rows:
            by_id[row._listed_for].__dict__[attribute].append(row)
    _attach_rule_roles([i for p in by_id.values() for i in p.__dict__["ingredient_list"]])


def _attach_rule_roles(ingredients) -> None:
    """Set each ingredient's rule_roles (its role and its classes', which the cautions read)
    from one plain query of the class links, without per-row related managers."""
    if not ingredients:
        return
    model = type(ingredients[0])
    class_roles: dict[int, set[str]] = {}
    links = model.classes.through.objects.filter(
        ingredient_id__in={i.pk for i in ingredients}
    ).values_list("ingredient_id", "ingredientclass__role")
    for ingredient_id, role in links:
        class_roles.setdefault(ingredient_id, set()).add(role)
    for ingredient in ingredients:
        roles = {ingredient.role, *class_roles.get(ingredient.pk, ())}
        ingredient.__dict__["rule_roles"] = frozenset(roles)
