"""The avoid-list page: add and remove ingredients or classes. Owner-only; others get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from catalog.models import Ingredient, IngredientClass
from routines.avoid.forms import AvoidIngredientForm
from routines.models import AvoidedIngredient


@login_required
@require_http_methods(["GET", "POST"])
def avoid_list(request):
    form = AvoidIngredientForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        avoided = form.save()
        messages.success(
            request,
            f"{avoided.label} is on your avoid-list; products with it are flagged.",
        )
        return redirect("routines:avoid")
    avoided = AvoidedIngredient.objects.filter(user=request.user).select_related(
        "ingredient", "ingredient_class"
    )
    return render(
        request,
        "routines/avoid/list.html",
        {
            "form": form,
            "avoided": sorted(avoided, key=lambda a: a.label.casefold()),
            "class_names": list(IngredientClass.objects.values_list("name", flat=True)),
            "ingredient_names": list(Ingredient.objects.values_list("name", flat=True)),
        },
    )


@login_required
@require_POST
def avoid_remove(request, pk):
    avoided = get_object_or_404(
        AvoidedIngredient.objects.select_related("ingredient", "ingredient_class"),
        pk=pk,
        user=request.user,
    )
    avoided.delete()
    messages.success(request, f"{avoided.label} is off your avoid-list.")
    return redirect("routines:avoid")
