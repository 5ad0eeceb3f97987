"""Catalog factories, shared by every app's tests."""

from decimal import Decimal

import factory

from catalog.models import Brand, Concern, Ingredient, Product


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Concern {n}")
    slug = factory.Sequence(lambda n: f"concern-{n}")


class IngredientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ingredient
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ingredient {n}")
    slug = factory.Sequence(lambda n: f"ingredient-{n}")
    role = Ingredient.Role.HYDRATOR


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"Serum {n}")
    slug = factory.Sequence(lambda n: f"serum-{n}")
    is_published = True
    source_type = Product.SourceType.FIBROBLAST_CM
    is_human_derived = True
    size_ml = Decimal("30")
    price = None

    @factory.post_generation
    def concerns(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.concerns.add(*extracted)

    @factory.post_generation
    def ingredients(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.ingredients.add(*extracted)

    @factory.post_generation
    def derived(obj, create, extracted, **kwargs):
        # What the admin's save does after the many-to-many rows (catalog.services).
        if create:
            Product.objects.filter(pk=obj.pk).refresh_derived()


def ingredient_admin_post(ingredient, **changes) -> dict:
    """The ingredient change form as the admin posts it (with its empty synonyms inline),
    carrying `changes` over the ingredient's current values."""
    data = {
        "name": ingredient.name,
        "slug": ingredient.slug,
        "inci_name": ingredient.inci_name,
        "role": ingredient.role,
        "description": ingredient.description,
        "basis": ingredient.basis,
        "synonyms-TOTAL_FORMS": "0",
        "synonyms-INITIAL_FORMS": "0",
    }
    return {**data, **changes}
