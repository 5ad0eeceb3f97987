"""The own-product page and the live preview of a pasted list. Owner-only: a user only ever
reaches their own products (looked up by name through request.user)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from routines.avoid.selectors import avoid_list_for
from routines.ownproducts import selectors, services
from routines.ownproducts.forms import OwnProductForm


def _back_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("routines:shelf")


@login_required
@require_http_methods(["GET", "POST"])
def own_product(request):
    """See and change the ingredient list of one of your own products (?name=…)."""
    name = " ".join((request.GET.get("name") or "").split())[:120]
    if not name:
        raise Http404("Say which product.")
    existing = selectors.own_product_for(request.user, name)
    initial = {"ingredient_text": existing.ingredient_text if existing else ""}
    form = OwnProductForm(request.POST or None, initial=initial)
    back_url = _back_url(request)
    text = initial["ingredient_text"]
    saved = request.method == "GET"
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["ingredient_text"]
        if "preview" not in request.POST:
            services.save_ingredient_list(request.user, name=name, text=text)
            messages.success(request, f"The ingredient list of {name} is saved.")
            return redirect(back_url)
    context = {
        "name": existing.name if existing else name,
        "form": form,
        "back_url": back_url,
        **selectors.reading_context(avoid_list_for(request.user), text, name=name, saved=saved),
    }
    return render(request, "routines/ownproducts/own_product.html", context, status=200)


@login_required
@require_POST
def ingredient_preview(request):
    """htmx: what we recognise in the list being typed (saves nothing)."""
    form = OwnProductForm(request.POST)
    if not form.is_valid():
        context = {"reading": None, "errors": form.errors.get("ingredient_text")}
        return render(request, "routines/ownproducts/_preview_error.html", context)
    context = selectors.reading_context(
        avoid_list_for(request.user),
        form.cleaned_data["ingredient_text"],
        name=request.POST.get("custom_name", ""),
    )
    context["reading_id"] = request.POST.get("reading_id", "ingredient-reading")[:40]
    return render(request, "routines/ownproducts/_reading.html", context)
