"""Today, check-ins, the skin log and History. Private to their owner."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS_ABBR
from django.views.decorators.http import require_GET, require_POST

from catalog.models import without_search_vectors
from config.htmx import vary_on_htmx
from routines.context import local_today, profile_for
from routines.editor import starters
from routines.errors import ActionRefused, StaleEdit
from routines.models import SkinLog, Step
from routines.shelf.selectors import rows_by_step
from routines.tracking import rules, services
from routines.tracking.forms import SkinLogForm
from routines.tracking.selectors import build_history, build_today, recorded_on

# Today -------------------------------------------------------------------------------


class DayRefused(ValueError):
    """A ?day= the page cannot show; the message says why."""


def _parse_day(value: str, today: dt.date) -> dt.date | None:
    """?day= as a date ("yesterday" or YYYY-MM-DD); None for today. Raises DayRefused."""
    if not value or value == "today":
        return None
    if value == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise DayRefused(
            f"“{value[:20]}” is not a date. Days are written like 2026-03-10."
        ) from None
    if day > today:
        raise DayRefused("That day hasn't happened yet, so there is nothing to change.")
    return day


def _today_context(
    request, *, day=None, skin_form=None, changed=None, status_message="", view=None
):
    view = view or build_today(request.user, timezone.now(), day=day, profile=profile_for(request))
    if skin_form is None:
        skin_form = SkinLogForm(
            instance=view.skin_log,
            today=view.today,
            earliest=view.earliest,
            initial={"day": view.day},
        )
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
    """The signed-in home: the checklist, skin log and streak of today or (with ?day=) any
    day that may still be corrected."""
    today_date = local_today(request)
    error = ""
    try:
        day = _parse_day(request.GET.get("day", ""), today_date)
    except DayRefused as refusal:
        day, error = None, str(refusal)
    view = build_today(request.user, timezone.now(), day=day, profile=profile_for(request))
    if not error and view.day < view.earliest:
        error = services.out_of_range_message(view.earliest, today_date)
    if error:
        view = build_today(request.user, timezone.now(), profile=profile_for(request))
        context = _today_context(request, view=view)
        context["day_error"] = error
        return vary_on_htmx(render(request, "routines/tracking/today.html", context, status=400))
    return vary_on_htmx(
        render(request, "routines/tracking/today.html", _today_context(request, view=view))
    )


@login_required
@require_POST
def step_check(request, step_pk):
    """Tick (done), skip or untick (clear) one step for a day that may still be changed."""
    step = get_object_or_404(
        without_search_vectors(
            Step.objects.select_related("routine", "product__brand", "alternate_with"), "product"
        ),
        pk=step_pk,
        routine__user=request.user,
    )
    today_date = local_today(request)
    status = request.POST.get("status", "")
    raw_day = request.POST.get("day", "")
    day = _parse_date(raw_day) or today_date
    try:
        if raw_day and _parse_date(raw_day) is None:
            raise ActionRefused("That date is not a real day; nothing was changed.")
        if status == "clear":
            services.clear_check_in(request.user, step, day, today=today_date)
            note = f"{step.name}: mark removed."
        else:
            services.record_check_in(request.user, step, day, status, today=today_date)
            note = f"{step.name}: marked {'done' if status == 'done' else 'skipped'}."
        ok = True
    except ActionRefused as refusal:
        note, ok = str(refusal), False
    show_day = day if ok and day != today_date else None
    if request.htmx:
        context = _today_context(request, day=show_day, changed=step.pk, status_message=note)
        context["status_ok"] = ok
        return vary_on_htmx(render(request, "routines/tracking/today.html#checklist", context))
    (messages.success if ok else messages.error)(request, note)
    return redirect(_today_url(show_day, today_date))


def _today_url(day, today_date):
    url = reverse("routines:today")
    if day is not None and day != today_date:
        url += f"?day={day.isoformat()}"
    return url


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@login_required
@require_POST
def skin_log(request):
    """Save how the skin felt on a day that may still be changed. Saving again replaces the
    entry, unless it changed elsewhere since the form was loaded."""
    today_date = local_today(request)
    view = build_today(request.user, timezone.now(), profile=profile_for(request))
    day = _parse_date(request.POST.get("day", ""))
    existing = SkinLog.objects.filter(user=request.user, date=day).first() if day else None
    form = SkinLogForm(request.POST, instance=existing, today=today_date, earliest=view.earliest)
    if form.is_valid():
        day = form.cleaned_data["day"]
        show_day = day if day != today_date else None
        try:
            services.save_skin_log(
                request.user, day, form.cleaned_data, revision=form.cleaned_data["revision"] or 0
            )
        except StaleEdit as stale:
            # Show the newer values, unbound, with the revision that was just read.
            fresh = SkinLogForm(
                instance=stale.current,
                today=today_date,
                earliest=view.earliest,
                initial={"day": day},
            )
            context = _today_context(request, day=show_day, skin_form=fresh)
            context["skin_conflict"] = str(stale)
            if request.htmx:
                context["status_message"] = str(stale)
                context["status_ok"] = False
                return vary_on_htmx(
                    render(request, "routines/tracking/today.html#skin_log", context)
                )
            return vary_on_htmx(
                render(request, "routines/tracking/today.html", context, status=409)
            )
        note = "Skin log saved."
        if request.htmx:
            context = _today_context(request, day=show_day, status_message=note)
            context["skin_saved"] = True
            return vary_on_htmx(render(request, "routines/tracking/today.html#skin_log", context))
        messages.success(request, note)
        return redirect(_today_url(show_day, today_date))
    context = _today_context(request, skin_form=form)
    if request.htmx:
        # Announced in the page's status line: the form itself is replaced, not announced.
        context["status_message"] = "The skin log was not saved; see the marked fields."
        context["status_ok"] = False
        return vary_on_htmx(render(request, "routines/tracking/today.html#skin_log", context))
    return vary_on_htmx(render(request, "routines/tracking/today.html", context, status=400))


# History -----------------------------------------------------------------------------


@login_required
@require_GET
def history_view(request):
    """A month of adherence and a skin chart, with text alternatives."""
    today_date = local_today(request)
    asked = request.GET.get("month", "")
    if asked:
        month = rules.parse_month(asked, today_date)
    else:
        # Only the 1st needs to know whether anything is recorded yet (two small queries).
        recorded = today_date.day != 1 or recorded_on(request.user, today_date)
        month = rules.opening_month(today_date, recorded_today=recorded)
    context = build_history(request.user, month, today_date, profile=profile_for(request))
    context["subnav"] = "history"
    context["calendar"] = _calendar_cells(context["weeks"], today_date)
    context["skin_rows"] = _skin_rows(context["chart"].rows)
    return render(request, "routines/tracking/history.html", context)


# A month has up to 31 cells and 31 skin log rows. Their words and links are put together
# here, from Django's own month and weekday names, rather than by {% url %} and |date per
# cell: those cost 40-60 us each on the bench machine, the page's largest share.


def _calendar_cells(weeks, today: dt.date) -> list[list[dict | None]]:
    """The calendar's weeks of cells (None pads): class, link, hidden words, number."""
    today_url = reverse("routines:today")
    # Twelve translation lookups, not one per cell.
    month_names = {month: str(name) for month, name in MONTHS.items()}
    rows = []
    for week in weeks:
        cells = []
        for day in week:
            if day is None:
                cells.append(None)
                continue
            css = f"cal-day cal-{day.status}" + (" cal-today" if day.date == today else "")
            cells.append(
                {
                    "css": css,
                    "href": f"{today_url}?day={day.date.isoformat()}" if day.openable else "",
                    # |date:"j F", then what the day's marks say.
                    "label": f"{day.date.day} {month_names[day.date.month]}: {day.words}",
                    "number": str(day.date.day),
                }
            )
        rows.append(cells)
    return rows


def _skin_rows(logs) -> list[dict]:
    """The skin log table's rows: |date:"D j M" and the three scores in words."""
    return [
        {
            "date": (
                f"{WEEKDAYS_ABBR[log.date.weekday()]} {log.date.day} "
                f"{MONTHS_3[log.date.month].title()}"
            ),
            "redness": log.get_redness_display(),
            "dryness": log.get_dryness_display(),
            "irritation": log.get_irritation_display(),
            "note": log.note,
        }
        for log in logs
    ]
