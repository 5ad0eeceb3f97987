"""The shelf (products the user owns) and the avoid-list. Owner-only; others get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from config.htmx import vary_on_htmx
from routines.avoid.selectors import avoid_list_for, flags_for_rows
from routines.context import local_today
from routines.models import ShelfItem
from routines.ownproducts import selectors as own_selectors
from routines.ownproducts import services as own_services
from routines.ownproducts.selectors import key_for
from routines.reminders.services import sync_reminders
from routines.shelf.forms import ShelfItemForm, ShelfStatusForm
from routines.shelf.selectors import build_row, monthly_totals, shelf_queryset, shelf_rows


@login_required
@require_http_methods(["GET"])
def shelf_list(request):
    today = local_today(request)
    rows = shelf_rows(request.user, today)
    open_rows = [r for r in rows if not r.item.is_closed]
    totals, unknown_cost = monthly_totals(open_rows)
    return render(
        request,
        "routines/shelf/list.html",
        {
            "open_rows": open_rows,
            "closed_rows": [r for r in rows if r.item.is_closed],
            "totals": totals,
            "unknown_cost": unknown_cost,
            "today": today,
            "status_choices": ShelfItem.Status.choices,
        },
    )


def _shelf_form_page(request, form, item, saved_note):
    """Add and edit: save, or with "Check the list" show what we recognise and save nothing."""
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["ingredient_text"]
        if "preview" in request.POST:
            reading = own_selectors.reading_context(
                avoid_list_for(request.user), text, name=form.cleaned_data["custom_name"]
            )
            context = {"form": form, "item": item, **reading}
            return render(request, "routines/shelf/form.html", context)
        with transaction.atomic():  # the shelf row and its pasted list, or neither
            saved = form.save()
            if not saved.product_id and (text or form.own_product is not None):
                own_services.save_ingredient_list(request.user, name=saved.custom_name, text=text)
        sync_reminders(request.user)
        messages.success(request, saved_note(saved))
        return redirect("routines:shelf")
    return render(request, "routines/shelf/form.html", {"form": form, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def shelf_add(request):
    form = ShelfItemForm(request.POST or None, user=request.user)
    return _shelf_form_page(request, form, None, lambda item: f"{item.name} is on your shelf.")


@login_required
@require_http_methods(["GET", "POST"])
def shelf_edit(request, pk):
    item = get_object_or_404(ShelfItem, pk=pk, user=request.user)
    form = ShelfItemForm(request.POST or None, instance=item, user=request.user)
    return _shelf_form_page(
        request, form, item, lambda saved: f"Your changes to {saved.name} are saved."
    )


@login_required
@require_POST
def shelf_status(request, pk):
    item = get_object_or_404(shelf_queryset(request.user), pk=pk)
    form = ShelfStatusForm(request.POST)
    if form.is_valid():
        today = local_today(request)
        item.status = form.cleaned_data["status"]
        fields = ["status"]
        if item.status == ShelfItem.Status.IN_USE and item.opened_on is None:
            item.opened_on = today
            fields.append("opened_on")
        item.save(update_fields=fields)
        sync_reminders(request.user)
        note = f"{item.name} is now marked “{item.get_status_display().lower()}”."
        if request.htmx:
            row = build_row(item, today, _flags_for(request.user, item))
            response = render(
                request,
                "routines/shelf/list.html#shelf-item",
                {"row": row, "status_choices": ShelfItem.Status.choices, "announce": note},
            )
            vary_on_htmx(response)
            return response
        messages.success(request, note)
    else:
        messages.error(request, "Choose one of the listed statuses.")
    return redirect("routines:shelf")


def _flags_for(user, item):
    return flags_for_rows(user, [item]).get(key_for(item), [])


@login_required
@require_http_methods(["GET", "POST"])
def shelf_delete(request, pk):
    item = get_object_or_404(ShelfItem, pk=pk, user=request.user)
    if request.method == "POST":
        name = item.name
        item.delete()
        sync_reminders(request.user)
        messages.success(request, f"{name} is removed from your shelf.")
        return redirect("routines:shelf")
    return render(request, "routines/shelf/confirm_delete.html", {"item": item})
