"""Product cards and compare-basket links, worked out once per page.

The catalog list and 'find my fit' draw up to twenty cards per request. Read from the
product inside the template, each card cost about 0.7 ms: three nested includes, a
template tag that re-encoded the page's whole query string for its compare link, reverse()
and the basket for its detail link, integers localised one by one. product_cards() does
that work once per card in Python, and templates/catalog/includes/product_cards.html
prints the strings in one loop.
"""

from dataclasses import dataclass

from django.urls import reverse

from catalog import services
from catalog.avoid import describe

# reverse() costs about 60 µs on the bench machine; a page of cards needs one link per card.
# The detail path is reversed once per page with this slug, which each product's own slug
# replaces (slugs need no quoting).
_SLUG_MARK = "slug-mark"


@dataclass(frozen=True, slots=True)
class CompareToggle:
    """One product's add-to / remove-from compare link on this page."""

    in_basket: bool
    # The basket is full: the link asks to add (``?add=``), so the page can answer why not.
    full: bool
    # This is the product whose adding was just refused.
    refused: bool
    url: str


class CompareLinks:
    """The links of one page that change its compare basket (``?p=``): the rest of the
    page's query string (filters, page number) is encoded once, not once per product."""

    def __init__(self, request, slugs: list[str], refused: str = ""):
        self.path = request.path
        self.slugs = slugs
        self.refused = refused
        self.query = services.query_without_basket(request.GET)
        # Links to other pages carry the basket alone (templatetags.compare_tags.with_basket).
        self.basket = services.add_basket("", slugs)
        self._detail_path = reverse("catalog:detail", kwargs={"slug": _SLUG_MARK})

    def detail(self, slug: str) -> str:
        """A product's page, carrying the basket."""
        return self._detail_path.replace(_SLUG_MARK, slug) + self.basket

    def toggle(self, slug: str) -> CompareToggle:
        """This page's address with `slug` added to or removed from the basket; when the
        basket is full, the address asks to add it (``?add=``)."""
        in_basket = slug in self.slugs
        anchor = f"#compare-toggle-{slug}"
        new = (
            services.without_product(self.slugs, slug)
            if in_basket
            else services.with_product(self.slugs, slug)
        )
        if new is None:
            query = services.add_basket(self.query, self.slugs)
            ask = f"{services.COMPARE_ADD_PARAM}={slug}"
            return CompareToggle(
                in_basket=False,
                full=True,
                refused=self.refused == slug,
                url=f"{self.path}{query}{'&' if query else '?'}{ask}{anchor}",
            )
        query = services.add_basket(self.query, new)
        return CompareToggle(
            in_basket=in_basket, full=False, refused=False, url=f"{self.path}{query}{anchor}"
        )


@dataclass(slots=True)
class ProductCard:
    """Everything one card prints, as text (see product_cards)."""

    product: object
    slug: str
    brand_name: str
    name: str
    # Brand and name, for the compare button's hidden words.
    title: str
    url: str
    chips: list[tuple[str, str]]
    price: str
    per_ml: str
    score: str
    unknown_count: str
    # "Best for" concerns, lower case, joined; left out of 'find my fit' cards.
    concerns: str
    avoided: list[str]
    avoided_sentence: str
    toggle: CompareToggle
    match: object = None


def product_cards(products, *, links: CompareLinks, avoid: dict, matches=None) -> list:
    """One ProductCard per product (`matches`: 'find my fit' Match objects instead, whose
    reasons replace the concerns line). `avoid` is catalog.selectors.avoid_flags()."""
    if matches is not None:
        products = [match.product for match in matches]
    else:
        matches = [None] * len(products)
    cards = []
    for product, match in zip(products, matches, strict=True):
        card = product.scorecard
        unknown = card.unknown_count
        avoided = (avoid or {}).get(product.pk, [])
        cards.append(
            ProductCard(
                product=product,
                slug=product.slug,
                brand_name=product.brand_name,
                name=product.name,
                title=str(product),
                url=links.detail(product.slug),
                chips=product.chips,
                price=product.price_display,
                per_ml=product.price_per_ml_display,
                score=f"{card.points} of {card.max_points}",
                unknown_count=str(unknown) if unknown else "",
                concerns=""
                if match
                else ", ".join(concern.name.lower() for concern in product.concern_list),
                avoided=avoided,
                avoided_sentence=describe(list(avoided)),
                toggle=links.toggle(product.slug),
                match=match,
            )
        )
    return cards
