"""Routines: Today, the routine editor, starters and History. Private to their owner."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import Product
from routines import advice, history, safety_services, schedule, services, starters
from routines.forms import RoutineForm, SkinLogForm, StepAddForm, StepScheduleForm
from routines.models import Profile, Routine, SkinLog, Step
from routines.shelf_services import avoid_flags, monthly_totals, rows_by_step
from routines.today import build_today

SEARCH_LIMIT = 8


def _vary(response):
    patch_vary_headers(response, ["HX-Request"])
    return response


def _profile(request) -> Profile:
    """The user's settings, loaded once per request."""
    if not hasattr(request, "_routines_profile"):
        request._routines_profile = Profile.for_user(request.user)
    return request._routines_profile


def _local_today(request) -> dt.date:
    return _profile(request).local_today()


def _own_routine(request, pk) -> Routine:
    return get_object_or_404(Routine, pk=pk, user=request.user)


def _own_step(request, pk, step_pk) -> Step:
    return get_object_or_404(
        Step.objects.select_related("routine", "product__brand", "alternate_with__product__brand"),
        pk=step_pk,
        routine_id=pk,
        routine__user=request.user,
    )


# Today -------------------------------------------------------------------------------


def _day_param(value: str, today: dt.date) -> dt.date | None:
    if value == "yesterday":
        return today - dt.timedelta(days=1)
    return None


def _today_context(request, *, day=None, skin_form=None, changed=None, status_message=""):
    view = build_today(request.user, timezone.now(), day=day, profile=_profile(request))
    if skin_form is None:
        skin_form = SkinLogForm(instance=view.skin_log, today=view.today, initial={"day": view.day})
    return {
        "view": view,
        "shelf_by_step": rows_by_step(request.user, view.today),
        "skin_form": skin_form,
        "changed_step_id": changed,
        "status_message": status_message,
        "starters": starters.STARTERS if not view.has_routines else (),
        "subnav": "today",
    }


@login_required
@require_GET
def today(request):
    """The signed-in home: today's (or yesterday's) checklist, skin log and streak."""
    today_date = _local_today(request)
    day = _day_param(request.GET.get("day", ""), today_date)
    return _vary(render(request, "routines/today.html", _today_context(request, day=day)))


@login_required
@require_POST
def step_check(request, step_pk):
    """Tick (done), skip or untick (clear) one step for today or yesterday."""
    step = get_object_or_404(
        Step.objects.select_related("routine", "product__brand", "alternate_with"),
        pk=step_pk,
        routine__user=request.user,
    )
    today_date = _local_today(request)
    status = request.POST.get("status", "")
    raw_day = request.POST.get("day", "")
    day = _parse_date(raw_day) or today_date
    try:
        if raw_day and _parse_date(raw_day) is None:
            raise services.ActionRefused("That date is not a real day; nothing was changed.")
        if status == "clear":
            services.clear_check_in(request.user, step, day, today=today_date)
            note = f"{step.name}: mark removed."
        else:
            services.record_check_in(request.user, step, day, status, today=today_date)
            note = f"{step.name}: marked {'done' if status == 'done' else 'skipped'}."
        ok = True
    except services.ActionRefused as refusal:
        note, ok = str(refusal), False
    show_day = day if day != today_date and day in services.checkable_dates(today_date) else None
    if request.htmx:
        context = _today_context(request, day=show_day, changed=step.pk, status_message=note)
        context["status_ok"] = ok
        return _vary(render(request, "routines/today.html#checklist", context))
    (messages.success if ok else messages.error)(request, note)
    return redirect(_today_url(show_day, today_date))


def _today_url(day, today_date):
    url = reverse("routines:today")
    if day is not None and day != today_date:
        url += "?day=yesterday"
    return url


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@login_required
@require_POST
def skin_log(request):
    """Save how the skin felt today (or yesterday). Saving again replaces the entry."""
    today_date = _local_today(request)
    day = _parse_date(request.POST.get("day", ""))
    existing = SkinLog.objects.filter(user=request.user, date=day).first() if day else None
    form = SkinLogForm(request.POST, instance=existing, today=today_date)
    show_day = day if day and day != today_date and form.is_valid() else None
    if form.is_valid():
        services.save_skin_log(request.user, form.cleaned_data["day"], form.cleaned_data)
        note = "Skin log saved."
        if request.htmx:
            context = _today_context(request, day=show_day, status_message=note)
            context["skin_saved"] = True
            return _vary(render(request, "routines/today.html#skin_log", context))
        messages.success(request, note)
        return redirect(_today_url(show_day, today_date))
    context = _today_context(request, skin_form=form)
    if request.htmx:
        # Announced in the page's status line: the form itself is replaced, not announced.
        context["status_message"] = "The skin log was not saved; see the marked fields."
        context["status_ok"] = False
        return _vary(render(request, "routines/today.html#skin_log", context))
    return _vary(render(request, "routines/today.html", context, status=400))


# Routines ----------------------------------------------------------------------------


@login_required
@require_GET
def routine_list(request):
    routines = list(Routine.objects.filter(user=request.user).order_by("period", "name", "pk"))
    counts = dict(
        Step.objects.filter(routine__user=request.user)
        .values("routine_id")
        .annotate(n=Count("pk"))
        .values_list("routine_id", "n")
    )
    for routine in routines:
        routine.step_count = counts.get(routine.pk, 0)
    return render(
        request,
        "routines/routine_list.html",
        {
            "routines": routines,
            "form": RoutineForm(initial={"period": Routine.Period.PM}),
            "subnav": "routines",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def routine_create(request):
    form = RoutineForm(request.POST or None, initial={"period": Routine.Period.PM})
    if request.method == "POST" and form.is_valid():
        routine = form.save(commit=False)
        routine.user = request.user
        routine.save()
        messages.success(request, f"“{routine.name}” created. Add its first step below.")
        return redirect("routines:routine_detail", pk=routine.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "routines/routine_form.html", {"form": form, "subnav": "routines"}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def routine_edit(request, pk):
    routine = _own_routine(request, pk)
    form = RoutineForm(request.POST or None, instance=routine)
    if request.method == "POST" and form.is_valid():
        form.save()
        safety_services.sync_reminders(request.user)  # switched off: no "step resumes"
        messages.success(request, "Routine saved.")
        return redirect("routines:routine_detail", pk=routine.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "routines/routine_form.html",
        {"form": form, "routine": routine, "subnav": "routines"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def routine_delete(request, pk):
    routine = _own_routine(request, pk)
    if request.method == "POST":
        name = routine.name
        routine.delete()
        messages.success(request, f"“{name}” and its check-ins were deleted.")
        return redirect("routines:routine_list")
    return render(
        request, "routines/routine_delete.html", {"routine": routine, "subnav": "routines"}
    )


def _editor_context(
    request, routine, *, query=None, add_form=None, step_forms=None, note="", focus=None
):
    """Everything the editor page and its fragments need, in a fixed number of queries."""
    today_date = _local_today(request)
    steps_all = list(services.advice_steps(request.user, include=routine))
    steps = [s for s in steps_all if s.routine_id == routine.pk]
    blockers = services.step_blockers(request.user, steps_all, today_date)
    items = advice.advise(
        services.advice_facts(steps_all), today_date, excluded_step_ids=frozenset(blockers)
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
            }
        )
    elsewhere = [a for a in items if a.routine_id != routine.pk and a.step_id in _ids(steps)]
    routine_advice = [a for a in items if a.step_id in _ids(steps)] + elsewhere
    results = None
    if query is not None:
        results = _search(query)
    shelf_by_step = rows_by_step(request.user, today_date)
    step_products = [s.product_id for s in steps if s.product_id]
    flags = avoid_flags(request.user, step_products + [p.pk for p in results or []])
    for row in rows:
        row["avoided"] = flags.get(row["step"].product_id, [])
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
        "today": today_date,
        "status_message": note,
        "subnav": "routines",
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


def _search(query: str):
    # NUL cannot be sent to PostgreSQL (a 500 before); it never appears in a product name.
    query = query.replace("\x00", "").strip()[:80]
    if not query:
        return []
    return list(
        Product.objects.published()
        .select_related("brand")
        .filter(Q(name__icontains=query) | Q(brand__name__icontains=query))
        .order_by("brand__name", "name")[:SEARCH_LIMIT]
    )


@login_required
@require_GET
def routine_detail(request, pk):
    """The routine editor: steps in order, advice beside them, add/move/schedule/remove."""
    routine = _own_routine(request, pk)
    query = request.GET.get("q")
    context = _editor_context(request, routine, query=query)
    return _vary(render(request, "routines/routine_detail.html", context))


@login_required
@require_GET
def product_search(request, pk):
    """Catalog search-as-you-type for the editor (htmx); without JS, the editor page."""
    routine = _own_routine(request, pk)
    query = request.GET.get("q", "")
    if not request.htmx:
        target = reverse("routines:routine_detail", args=[routine.pk])
        return redirect(f"{target}?{urlencode({'q': query})}")
    results = _search(query)
    context = {
        "routine": routine,
        "query": query,
        "results": results,
        "avoid": avoid_flags(request.user, results),
        "today": _local_today(request),
    }
    return _vary(render(request, "routines/routine_detail.html#search_results", context))


def _editor_response(request, routine, *, note="", ok=True, status=200, **context_kwargs):
    if request.htmx:
        context = _editor_context(request, routine, note=note, **context_kwargs)
        context["status_ok"] = ok
        return _vary(render(request, "routines/routine_detail.html#editor", context))
    if status != 200:
        context = _editor_context(request, routine, note=note, **context_kwargs)
        context["status_ok"] = ok
        return _vary(render(request, "routines/routine_detail.html", context, status=status))
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
    step = Step.objects.create(
        routine=routine,
        position=services.next_position(routine),
        product=data["product"],
        custom_name="" if data["product"] else data["custom_name"].strip(),
        kind=data["kind"],
        start_date=data["start_date"],
    )
    safety_services.sync_reminders(request.user)
    note = f"{step.name} added at the end."
    warning = safety_services.editor_warning(request.user, step.kind, _local_today(request))
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
    except services.ActionRefused as refusal:
        note, ok = str(refusal), False
    return _editor_response(request, step.routine, note=note, ok=ok, focus=(step.pk, direction))


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, pk, step_pk):
    """Change a step's kind, schedule, start date or notes."""
    step = _own_step(request, pk, step_pk)
    siblings = list(
        Step.objects.filter(routine_id=step.routine_id).select_related("product__brand")
    )
    form = StepScheduleForm(request.POST or None, instance=step, siblings=siblings)
    if request.method == "GET":
        return render(
            request,
            "routines/step_form.html",
            {"form": form, "step": step, "routine": step.routine, "subnav": "routines"},
        )
    if form.is_valid():
        form.save()
        safety_services.sync_reminders(request.user)
        note = f"Schedule for {step.name} saved."
        warning = safety_services.editor_warning(request.user, step.kind, _local_today(request))
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
        "routines/step_form.html",
        {"form": form, "step": step, "routine": step.routine, "subnav": "routines"},
        status=400,
    )


@login_required
@require_POST
def step_remove(request, pk, step_pk):
    step = _own_step(request, pk, step_pk)
    name = step.name
    services.remove_step(step)
    return _editor_response(request, step.routine, note=f"{name} removed.")


# Starters ----------------------------------------------------------------------------


@login_required
@require_GET
def starter_list(request):
    return render(
        request,
        "routines/starters.html",
        {"starters": starters.STARTERS, "subnav": "starters"},
    )


@login_required
@require_POST
def starter_copy(request, slug):
    starter = starters.BY_SLUG.get(slug)
    if starter is None:
        raise Http404("No such starter routine.")
    created = services.copy_starter(request.user, starter, today=_local_today(request))
    safety_services.sync_reminders(request.user)
    names = " and ".join(f"“{r.name}”" for r in created)
    messages.success(request, f"Copied {names} into your routines. Adjust them to suit you.")
    return redirect("routines:routine_detail", pk=created[-1].pk)


# History -----------------------------------------------------------------------------


@login_required
@require_GET
def history_view(request):
    """A month of adherence and a skin chart, with text alternatives."""
    today_date = _local_today(request)
    month = history.parse_month(request.GET.get("month", ""), today_date)
    context = history.build_history(request.user, month, today_date)
    context["subnav"] = "history"
    return render(request, "routines/history.html", context)
