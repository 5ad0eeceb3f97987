"""The avoid-list form."""

from django import forms

from catalog.models import Ingredient
from routines.models import AvoidedIngredient


class AvoidIngredientForm(forms.Form):
    ingredient = forms.CharField(
        label="Ingredient",
        max_length=120,
        help_text="Start typing and pick a name from the catalog's ingredient list.",
        widget=forms.TextInput(attrs={"list": "ingredient-names", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label="Why (optional)",
        max_length=200,
        required=False,
        help_text=AvoidedIngredient._meta.get_field("reason").help_text,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_ingredient(self):
        typed = " ".join(self.cleaned_data["ingredient"].split())
        ingredient = Ingredient.objects.filter(name__iexact=typed).first()
        if ingredient is None:
            raise forms.ValidationError(
                "“%(name)s” is not in our ingredient list. Pick a name from the suggestions; "
                "spelling must match.",
                params={"name": typed},
            )
        if AvoidedIngredient.objects.filter(user=self.user, ingredient=ingredient).exists():
            raise forms.ValidationError(
                "%(name)s is already on your avoid-list.", params={"name": ingredient.name}
            )
        return ingredient

    def save(self) -> AvoidedIngredient:
        return AvoidedIngredient.objects.create(
            user=self.user,
            ingredient=self.cleaned_data["ingredient"],
            reason=self.cleaned_data.get("reason", ""),
        )
