"""Forms for the shelf and the avoid-list. Every rule has a message beside its field."""

from django import forms

from catalog.models import Product, without_search_vectors
from config.widgets import DateInput
from routines.models import ShelfItem, Step
from routines.ownproducts.forms import IngredientListField
from routines.ownproducts.selectors import own_product_for


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.routine}: {obj.name} ({obj.get_kind_display()})"


class ShelfItemForm(forms.ModelForm):
    product = ProductChoiceField(
        queryset=Product.objects.none(),
        required=False,
        empty_label="Not in the catalog (type the name below)",
        help_text=ShelfItem._meta.get_field("product").help_text,
    )
    step = StepChoiceField(
        queryset=Step.objects.none(),
        required=False,
        label="Used in routine step",
        empty_label="Not in a routine",
        help_text=ShelfItem._meta.get_field("step").help_text,
    )

    ingredient_text = IngredientListField(
        help_text=(
            "Only for products that are not in the catalog. Paste the list from the box; we "
            "pick out what we know, so your routine advice and avoid-list cover it."
        )
    )

    class Meta:
        model = ShelfItem
        fields = [
            "product",
            "custom_name",
            "status",
            "purchased_on",
            "opened_on",
            "activated_on",
            "pao_months",
            "printed_expiry",
            "storage",
            "size_ml",
            "price_paid",
            "currency",
            "step",
            "amount_per_use_ml",
            "notes",
        ]
        widgets = {
            "purchased_on": DateInput(),
            "opened_on": DateInput(),
            "activated_on": DateInput(),
            "printed_expiry": DateInput(),
            "pao_months": forms.NumberInput(attrs={"min": 1, "max": 60, "inputmode": "numeric"}),
            "size_ml": forms.NumberInput(attrs={"min": "0.01", "step": "0.01"}),
            "price_paid": forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
            "amount_per_use_ml": forms.NumberInput(attrs={"min": "0.01", "step": "0.01"}),
            "currency": forms.TextInput(
                attrs={"maxlength": 3, "autocapitalize": "characters", "size": 4}
            ),
        }
        help_texts = {
            "size_ml": "Leave empty to use the catalog size, if the catalog has one.",
        }
        error_messages = {
            "pao_months": {
                "min_value": "Enter a number of months between 1 and 60.",
                "max_value": "Enter a number of months between 1 and 60.",
            },
            "price_paid": {"min_value": "The price cannot be negative."},
            "size_ml": {"min_value": "The size must be more than zero."},
            "currency": {"max_length": "Use a three-letter currency code, such as USD or EUR."},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The saved list of an own product, shown for editing.
        self.own_product = None
        if self.instance.pk and not self.instance.product_id:
            self.own_product = own_product_for(user, self.instance.custom_name)
        if self.own_product is not None:
            self.initial.setdefault("ingredient_text", self.own_product.ingredient_text)
        self.fields["product"].queryset = Product.objects.published().select_related("brand")
        self.fields["step"].queryset = without_search_vectors(
            Step.objects.filter(routine__user=user)
            .select_related("routine", "product__brand")
            .order_by("routine__period", "routine__name", "position", "pk"),
            "product",
        )

    def clean_currency(self):
        value = self.cleaned_data.get("currency", "").strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError("Use a three-letter currency code, such as USD or EUR.")
        return value

    def clean(self):
        data = super().clean()
        product, name = data.get("product"), (data.get("custom_name") or "").strip()
        if not product and not name:
            self.add_error(
                "custom_name", "Pick a product from the catalog or type the product's name."
            )
        purchased, opened = data.get("purchased_on"), data.get("opened_on")
        if purchased and opened and opened < purchased:
            self.add_error("opened_on", "The opening date cannot be before the purchase date.")
        activated = data.get("activated_on")
        if purchased and activated and activated < purchased:
            self.add_error(
                "activated_on", "The activation date cannot be before the purchase date."
            )
        status = data.get("status")
        if status == ShelfItem.Status.UNOPENED and opened:
            self.add_error("status", "You gave an opening date, so it is not unopened.")
        return data

    def save(self, commit=True):
        item = super().save(commit=False)
        item.user = self.user
        if item.product_id:
            item.custom_name = ""
            if item.size_ml is None and item.product.size_ml:
                item.size_ml = item.product.size_ml
        if commit:
            item.save()
        return item


class ShelfStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ShelfItem.Status.choices)
