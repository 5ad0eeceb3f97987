"""Plain stand-ins for products, so the pure rules are tested without a database."""

from decimal import Decimal
from types import SimpleNamespace


def ingredient(name, role):
    return SimpleNamespace(name=name, role=role)


def concern(slug, name=None):
    return SimpleNamespace(slug=slug, name=name or slug.replace("-", " ").capitalize())


def product(**overrides):
    values = {
        "name": "Test serum",
        "source_type": "fibroblast_cm",
        "is_human_derived": True,
        "concentration_disclosure": "",
        "concentration_percent": None,
        "contains_exosomes": False,
        "packaging": "",
        "container": "",
        "applicator": "",
        "needs_refrigeration": False,
        "is_vegan": False,
        "evidence_level": "",
        "clinician_backed": False,
        "price": None,
        "size_ml": None,
        "currency": "USD",
        "ingredient_list": [],
        "concern_list": [],
    }
    values.update(overrides)
    price, size = values["price"], values["size_ml"]
    values.setdefault(
        "price_per_ml",
        (Decimal(price) / Decimal(size)).quantize(Decimal("0.01")) if price and size else None,
    )
    stand_in = SimpleNamespace(**values)
    return stand_in
