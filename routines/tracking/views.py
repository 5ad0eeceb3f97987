"""Today, check-ins, the skin log and History. Private to their owner."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from config.htmx import vary_on_htmx
from routines.context import local_today, profile_for
from routines.editor import starters
from routines.errors import ActionRefused
from routines.models import SkinLog, Step
from routines.shelf.selectors import rows_by_step
from routines.tracking import rules, services
from routines.tracking.forms import SkinLogForm
from routines.tracking.selectors import build_history, build_today

# Today -------------------------------------------------------------------------------


def _day_param(value: str, today: dt.date) -> dt.date | None:
    if value == "yesterday":
        return today - dt.timedelta(days=1)
    return None


def _today_context(request, *, day=None, skin_form=None, changed=None, status_message=""):
    view = build_today(request.user, timezone.now(), day=day, profile=profile_for(request))
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
    today_date = local_today(request)
    day = _day_param(request.GET.get("day", ""), today_date)
    return vary_on_htmx(
        render(request, "routines/tracking/today.html", _today_context(request, day=day))
    )


@login_required
@require_POST
def step_check(request, step_pk):
    """Tick (done), skip or untick (clear) one step for today or yesterday."""
    step = get_object_or_404(
        Step.objects.select_related("routine", "product__brand", "alternate_with"),
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
    show_day = day if day != today_date and day in rules.checkable_dates(today_date) else None
    if request.htmx:
        context = _today_context(request, day=show_day, changed=step.pk, status_message=note)
        context["status_ok"] = ok
        return vary_on_htmx(render(request, "routines/tracking/today.html#checklist", context))
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
    today_date = local_today(request)
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
    month = rules.parse_month(request.GET.get("month", ""), today_date)
    context = build_history(request.user, month, today_date)
    context["subnav"] = "history"
    return render(request, "routines/tracking/history.html", context)
