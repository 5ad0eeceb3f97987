"""The pasted ingredient list, as a field the step, shelf and own-product forms share."""

from django import forms
from django.urls import reverse_lazy

from routines.models.ownproducts import INGREDIENT_TEXT_MAX

TOO_LONG = (
    "That is longer than any ingredient list we expect (at most %(limit_value)d characters; "
    "this has %(show_value)d). Paste only the ingredients."
)


class IngredientListField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Ingredient list (optional)")
        kwargs.setdefault(
            "help_text",
            "Paste the list from the box or the brand's page. We pick out the ingredients we "
            "know, so the routine advice, the cautions and your avoid-list cover this product.",
        )
        super().__init__(
            required=False,
            max_length=INGREDIENT_TEXT_MAX,
            strip=True,
            # With htmx, what we recognise shows below the field as the user types.
            widget=forms.Textarea(
                attrs={
                    "rows": 4,
                    "hx-post": reverse_lazy("routines:ingredient_preview"),
                    "hx-trigger": "input changed delay:600ms",
                    "hx-target": "#ingredient-reading",
                    "hx-swap": "outerHTML",
                    "hx-include": "closest form",
                    "aria-controls": "ingredient-reading",
                }
            ),
            error_messages={"max_length": TOO_LONG},
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class OwnProductForm(forms.Form):
    ingredient_text = IngredientListField(label="Ingredient list")
