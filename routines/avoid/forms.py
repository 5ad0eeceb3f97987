"""The avoid-list form: one dictionary ingredient, or a whole class of them."""

from django import forms

from catalog.ingredients.dictionary import load_dictionary
from catalog.models import Ingredient, IngredientClass
from routines.models import AvoidedIngredient


class AvoidIngredientForm(forms.Form):
    ingredient = forms.CharField(
        label="Ingredient or kind of ingredient",
        max_length=120,
        help_text=(
            "An ingredient (Retinol, Linalool) or a whole kind (Fragrance, Essential oils, "
            "AHA). Start typing to see the suggestions; label names and synonyms work too."
        ),
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
        """A class wins over an ingredient of the same name: "Retinoid" means all of them."""
        typed = " ".join(self.cleaned_data["ingredient"].replace("\x00", "").split())
        dictionary = load_dictionary()
        klass = dictionary.find_class(typed)
        if klass is not None:
            found = IngredientClass.objects.get(pk=klass.id)
            taken = {"ingredient_class": found}
        else:
            entry = dictionary.find(typed)
            if entry is None:
                raise forms.ValidationError(
                    "“%(name)s” is not in our ingredient dictionary. Pick a name from the "
                    "suggestions, or try the name printed on the pack.",
                    params={"name": typed},
                )
            found = Ingredient.objects.get(pk=entry.id)
            taken = {"ingredient": found}
        if AvoidedIngredient.objects.filter(user=self.user, **taken).exists():
            raise forms.ValidationError(
                "%(name)s is already on your avoid-list.", params={"name": found.name}
            )
        return taken

    def save(self) -> AvoidedIngredient:
        return AvoidedIngredient.objects.create(
            user=self.user,
            reason=self.cleaned_data.get("reason", ""),
            **self.cleaned_data["ingredient"],
        )
