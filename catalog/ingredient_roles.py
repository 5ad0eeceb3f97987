"""What part an ingredient plays in the rules: its own role and its classes' roles.

One place decides, for everything that judges a product by what it contains: the cautions
("not on freshly treated skin"), find my fit ("too harsh for this goal"), the scorecard's
supporting-ingredients line and the warm chip on a product page read these functions, and
the stored facts the database sorts and filters by (Product.has_caution_ingredient,
has_supporting_ingredient; ProductQuerySet.refresh_derived) are built from the same roles
of the ingredient or of any of its classes. A "Mandelic acid" filed as "other" but placed in
the "Alpha hydroxy acids" class is harsh everywhere, not just in the cautions.

Pure: items are anything with .role and, optionally, .rule_roles (the ingredient's own
role and its classes', set for a whole product list by catalog.models.querysets).
"""

HARSH_ROLES = frozenset({"exfoliant", "retinoid"})
SUPPORTING_ROLES = frozenset({"hydrator", "peptide", "antioxidant", "soothing"})


def roles_of(ingredient) -> frozenset[str]:
    """An ingredient's rule roles: its own role and its classes' (`rule_roles`)."""
    roles = getattr(ingredient, "rule_roles", None)
    return frozenset(roles) if roles is not None else frozenset({ingredient.role})


def is_harsh(ingredient) -> bool:
    return bool(roles_of(ingredient) & HARSH_ROLES)


def is_supporting(ingredient) -> bool:
    return bool(roles_of(ingredient) & SUPPORTING_ROLES)


def harsh_in(items) -> list:
    """The items that can irritate freshly treated skin (exfoliants and acids, retinoids)."""
    return [i for i in items if is_harsh(i)]


def supporting_in(items) -> list:
    """The items the scorecard counts as helpful companions."""
    return [i for i in items if is_supporting(i)]
