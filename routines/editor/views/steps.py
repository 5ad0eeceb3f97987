"""The routine editor page and its step actions: add, move, schedule, remove, restore."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import without_search_vectors
from catalog.selectors import search_products
from config.htmx import vary_on_htmx
from routines import schedule
from routines.avoid.selectors import avoid_flags_for, avoid_list_for, flags_for_rows
from routines.context import local_today, profile_for
from routines.dayplan.selectors import load_plan
from routines.editor import rules as advice
from routines.editor import selectors, services
from routines.editor.forms import StepAddForm, StepScheduleForm
from routines.errors import ActionRefused, StaleEdit
from routines.models import Routine, Step
from routines.ownproducts import selectors as own_selectors
from routines.ownproducts import services as own_services
from routines.reminders.services import sync_reminders
from routines.safety import selectors as safety_selectors
from routines.shelf.selectors import monthly_totals, rows_by_step


def _own_routine(request, pk) -> Routine:
    return get_object_or_404(Routine, pk=pk, user=request.user, deleted_at=None)


def _own_step(request, pk, step_pk, *, removed_too=False) -> Step:
    """The user's step in one of their live routines (a removed one only if `removed_too`)."""
    steps = without_search_vectors(
        Step.objects.select_related(
            "routine", "product__brand", "alternate_with__product__brand"
        ).filter(routine__deleted_at=None),
        "product",
        "alternate_with__product",
    )
    if not removed_too:
        steps = steps.filter(ended_on=None)
    return get_object_or_404(steps, pk=step_pk, routine_id=pk, routine__user=request.user)


def _editor_context(
    request,
    routine,
    *,
    query=None,
    add_form=None,
    add_reading=None,
    step_forms=None,
    note="",
    focus=None,
    just_removed=None,
):
    """Everything the editor page and its fragments need, in a fixed number of queries."""
    today_date = local_today(request)
    removed = list(
        without_search_vectors(
            Step.objects.filter(routine=routine, ended_on__isnull=False)
            .select_related("product__brand")
            .order_by("-ended_on", "position"),
            "product",
        )
    )
    steps_all = list(selectors.advice_steps(request.user, include=routine))
    steps = [s for s in steps_all if s.routine_id == routine.pk]
    # What every product contains, catalog or own: advice and flags read this (the day
    # plan reads it too, for its recovery pauses).
    ingredients = own_selectors.ingredients_for(request.user, steps_all)
    blockers = safety_selectors.step_blockers(
        request.user,
        steps_all,
        today_date,
        data=load_plan(request.user, profile_for(request).zone),
    )
    items = advice.advise(
        selectors.advice_facts(steps_all, ingredients),
        today_date,
        excluded_step_ids=frozenset(blockers),
    )
    by_step = advice.for_step(items)
    step_forms = step_forms or {}
    rows = []
    for index, step in enumerate(steps):
        first, last = index == 0, index == len(steps) - 1
        action = focus[1] if focus and focus[0] == step.pk else ""
        if (action == "up" and first) or (action == "down" and last):
            action = "row"  # the button it was on is now disabled
        rows.append(
            {
                "step": step,
                "first": first,
                "last": last,
                "focus": action,
                "advice": by_step.get(step.pk, []),
                "blocker": blockers.get(step.pk),
                "form": step_forms.get(step.pk) or StepScheduleForm(instance=step, siblings=steps),
                "describe": schedule.describe(step),
                "open": step.pk in step_forms,
                "own": own_selectors.own_summary(ingredients.own_for(step)),
            }
        )
    elsewhere = [a for a in items if a.routine_id != routine.pk and a.step_id in _ids(steps)]
    routine_advice = [a for a in items if a.step_id in _ids(steps)] + elsewhere
    results = None
    if query is not None:
        results = search_products(query)
    shelf_by_step = rows_by_step(request.user, today_date)
    avoid = avoid_list_for(request.user)
    step_flags = flags_for_rows(request.user, steps, ingredients=ingredients, avoid=avoid)
    flags = avoid_flags_for(avoid, results or [])
    for row in rows:
        row["avoided"] = step_flags.get(own_selectors.key_for(row["step"]), [])
    totals, unknown_cost = monthly_totals([r for s in steps for r in shelf_by_step.get(s.pk, [])])
    return {
        "routine": routine,
        "rows": rows,
        "shelf_by_step": shelf_by_step,
        "avoid": flags,
        "cost_totals": totals,
        "cost_unknown": unknown_cost,
        "advice": _unique(routine_advice),
        "query": query or "",
        "results": results,
        "add_form": add_form or StepAddForm(initial={"start_date": today_date, "kind": "other"}),
        **(add_reading or {}),
        "today": today_date,
        "status_message": note,
        "subnav": "routines",
        "removed_steps": removed,
        "just_removed": next((s for s in removed if s.pk == just_removed), None),
    }


def _ids(steps):
    return {s.pk for s in steps}


def _unique(items):
    seen, result = set(), []
    for item in items:
        key = (item.rule, item.step_id, item.message)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


@login_required
@require_GET
def routine_detail(request, pk):
    """The routine editor: steps in order, advice beside them, add/move/schedule/remove."""
    routine = _own_routine(request, pk)
    query = request.GET.get("q")
    try:
        just_removed = int(request.GET.get("removed", ""))
    except ValueError:
        just_removed = None
    context = _editor_context(request, routine, query=query, just_removed=just_removed)
    return vary_on_htmx(render(request, "routines/editor/routine_detail.html", context))


@login_required
@require_GET
def product_search(request, pk):
    """Catalog search-as-you-type for the editor (htmx); without JS, the editor page."""
    routine = _own_routine(request, pk)
    query = request.GET.get("q", "")
    if not request.htmx:
        target = reverse("routines:routine_detail", args=[routine.pk])
        return redirect(f"{target}?{urlencode({'q': query})}")
    results = search_products(query)
    context = {
        "routine": routine,
        "query": query,
        "results": results,
        "avoid": avoid_flags_for(avoid_list_for(request.user), results),
        "today": local_today(request),
    }
    return vary_on_htmx(
        render(request, "routines/editor/routine_detail.html#search_results", context)
    )


def _editor_response(request, routine, *, note="", ok=True, status=200, **context_kwargs):
    if request.htmx:
        context = _editor_context(request, routine, note=note, **context_kwargs)
        context["status_ok"] = ok
        return vary_on_htmx(render(request, "routines/editor/routine_detail.html#editor", context))
    if status != 200:
        context = _editor_context(request, routine, note=note, **context_kwargs)
        context["status_ok"] = ok
        return vary_on_htmx(
            render(request, "routines/editor/routine_detail.html", context, status=status)
        )
    (messages.success if ok else messages.error)(request, note)
    return redirect("routines:routine_detail", pk=routine.pk)


@login_required
@require_POST
def step_add(request, pk):
    routine = _own_routine(request, pk)
    form = StepAddForm(request.POST)
    if not form.is_valid():
        return _editor_response(
            request, routine, note="The step was not added.", ok=False, status=400, add_form=form
        )
    data = form.cleaned_data
    if "preview" in request.POST:
        # No JavaScript: "Check the list" shows what we recognise and saves nothing.
        reading = own_selectors.reading_context(
            avoid_list_for(request.user),
            data["ingredient_text"],
            name=data["custom_name"],
        )
        context = _editor_context(request, routine, add_form=form, add_reading=reading)
        template = "routines/editor/routine_detail.html" + ("#editor" if request.htmx else "")
        return vary_on_htmx(render(request, template, context))
    with transaction.atomic():  # the step and its pasted list, or neither
        step = Step.objects.create(
            routine=routine,
            position=services.next_position(routine),
            product=data["product"],
            custom_name="" if data["product"] else data["custom_name"].strip(),
            kind=data["kind"],
            start_date=data["start_date"],
        )
        if not step.product_id and data["ingredient_text"]:
            own_services.save_ingredient_list(
                request.user, name=step.custom_name, text=data["ingredient_text"]
            )
    sync_reminders(request.user)
    note = f"{step.name} added at the end."
    roles = own_selectors.ingredients_for(request.user, [step]).roles(step)
    warning = safety_selectors.editor_warning(request.user, step.kind, local_today(request), roles)
    return _editor_response(
        request, routine, note=f"{note} {warning}" if warning else note, focus=(step.pk, "row")
    )


@login_required
@require_POST
def step_move(request, pk, step_pk):
    step = _own_step(request, pk, step_pk)
    direction = request.POST.get("direction", "")
    try:
        services.move_step(step, direction)
        note, ok = f"{step.name} moved {direction}.", True
    except ActionRefused as refusal:
        note, ok = str(refusal), False
    return _editor_response(request, step.routine, note=note, ok=ok, focus=(step.pk, direction))


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, pk, step_pk):
    """Change a step's kind, schedule, start date or notes."""
    step = _own_step(request, pk, step_pk)
    siblings = list(
        without_search_vectors(
            Step.objects.filter(routine_id=step.routine_id, ended_on=None).select_related(
                "product__brand"
            ),
            "product",
        )
    )
    form = StepScheduleForm(request.POST or None, instance=step, siblings=siblings)
    if request.method == "GET":
        return render(
            request,
            "routines/editor/step_form.html",
            {"form": form, "step": step, "routine": step.routine, "subnav": "routines"},
        )
    if form.is_valid():
        try:
            services.save_step_settings(
                step,
                form,
                revision=form.cleaned_data.get("revision"),
                today=local_today(request),
            )
        except StaleEdit as stale:
            return _stale_step(request, stale, siblings)
        sync_reminders(request.user)
        note = f"Schedule for {step.name} saved."
        roles = own_selectors.ingredients_for(request.user, [step]).roles(step)
        warning = safety_selectors.editor_warning(
            request.user, step.kind, local_today(request), roles
        )
        return _editor_response(
            request, step.routine, note=f"{note} {warning}" if warning else note
        )
    if request.htmx:
        return _editor_response(
            request,
            step.routine,
            note=f"The schedule for {step.name} was not changed.",
            ok=False,
            step_forms={step.pk: form},
        )
    return render(
        request,
        "routines/editor/step_form.html",
        {"form": form, "step": step, "routine": step.routine, "subnav": "routines"},
        status=400,
    )


def _stale_step(request, stale, siblings):
    """Another tab saved this step first: show its current settings and ask again."""
    current = stale.current
    fresh = StepScheduleForm(instance=current, siblings=siblings)
    if request.htmx:
        return _editor_response(
            request, current.routine, note=str(stale), ok=False, step_forms={current.pk: fresh}
        )
    context = {
        "form": fresh,
        "step": current,
        "routine": current.routine,
        "subnav": "routines",
        "conflict": str(stale),
    }
    return render(request, "routines/editor/step_form.html", context, status=409)


@login_required
@require_http_methods(["GET", "POST"])
def step_remove(request, pk, step_pk):
    """Ask first, then end the step: it leaves the routine but stays in History."""
    step = _own_step(request, pk, step_pk)
    if request.method == "GET":
        context = {
            "step": step,
            "routine": step.routine,
            "checkins": step.checkins.count(),
            "subnav": "routines",
        }
        template = "routines/editor/step_remove.html" + ("#confirm" if request.htmx else "")
        return vary_on_htmx(render(request, template, context))
    services.remove_step(step, today=local_today(request))
    sync_reminders(request.user)
    note = f"{step.name} removed. Its check-ins stay in your History."
    url = reverse("routines:routine_detail", args=[step.routine_id]) + f"?removed={step.pk}"
    if request.htmx:
        response = _editor_response(request, step.routine, note=note, just_removed=step.pk)
        response["HX-Push-Url"] = url  # back to this page keeps the Undo button
        return response
    messages.success(request, note)
    return redirect(url)


@login_required
@require_POST
def step_restore(request, pk, step_pk):
    """Undo removing a step."""
    step = _own_step(request, pk, step_pk, removed_too=True)
    try:
        services.restore_step(step)
    except ActionRefused as refusal:
        return _editor_response(request, step.routine, note=str(refusal), ok=False)
    sync_reminders(request.user)
    return _editor_response(request, step.routine, note=f"{step.name} is back in the routine.")
