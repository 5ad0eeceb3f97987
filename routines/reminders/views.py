"""Views for notifications, reminder settings, the calendar feed and unsubscribe."""

import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import without_search_vectors
from config.htmx import vary_on_htmx
from routines.context import profile_for
from routines.dayplan.selectors import load_plan
from routines.models import Profile, Reminder
from routines.reminders import selectors, services
from routines.reminders.forms import NudgeForm
from routines.reminders.selectors import build_calendar

# secrets.token_urlsafe(32) gives 43 URL-safe characters.
CALENDAR_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _zone(request):
    return profile_for(request).zone


# ---------------------------------------------------------------- notifications


@login_required
@require_GET
def notifications(request):
    now = timezone.now()
    items = list(
        without_search_vectors(
            Reminder.objects.filter(user=request.user)
            .visible(now)
            .select_related("patch_test", "procedure", "step__product__brand", "user__profile"),
            "step__product",
        )[:100]
    )
    zone = _zone(request)
    plans = None
    if any(r.kind == Reminder.Kind.ROUTINE_NUDGE for r in items):
        plans = load_plan(request.user, zone)  # one load for every nudge on the page
    rows = [(r, selectors.build_message(r, zone, plans)) for r in items]
    with timezone.override(zone):
        return render(request, "routines/reminders/notifications.html", {"rows": rows})


@login_required
@require_GET
def notifications_badge(request):
    """The header badge alone, polled by htmx. When the count the page shows ("shown") is
    still right, 204: htmx swaps nothing, so screen readers are not told it again."""
    unread = selectors.unread_count(request.user)
    if request.GET.get("shown") == str(unread):
        response = HttpResponse(status=204)
    else:
        response = render(
            request, "routines/reminders/badge.html#count", {"unread_reminders": unread}
        )
    vary_on_htmx(response)
    return response


@login_required
@require_POST
def notification_dismiss(request, pk):
    reminder = get_object_or_404(Reminder.objects.visible(timezone.now()), pk=pk, user=request.user)
    services.dismiss(reminder, timezone.now())
    messages.info(request, "Notification dismissed.")
    return redirect("routines:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.mark_all_read(request.user, timezone.now())
    messages.info(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("routines:notifications")


# ---------------------------------------------------------------- reminder settings


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    profile = Profile.for_user(request.user)
    form = NudgeForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.sync_reminders(request.user)
        messages.success(request, "Routine nudges saved.")
        return redirect("routines:reminder_settings")
    # Reading this page creates nothing: the address exists once the user asks for it (POST).
    feed = (
        request.build_absolute_uri(reverse("routines:calendar_feed", args=[profile.calendar_token]))
        if profile.calendar_token
        else ""
    )
    return render(
        request,
        "routines/reminders/reminder_settings.html",
        {"form": form, "profile": profile, "feed_url": feed},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def calendar_regenerate(request):
    services.regenerate_calendar_token(Profile.for_user(request.user))
    messages.success(
        request, "Your calendar address is ready. Any earlier address no longer works."
    )
    return redirect("routines:reminder_settings")


@require_GET
def calendar_feed(request, token):
    """The private .ics feed; the token is the only credential."""
    # Only well-formed tokens reach the database (a NUL byte there is a 500 on PostgreSQL).
    if not CALENDAR_TOKEN.fullmatch(token):
        raise Http404("No such calendar.")
    profile = Profile.objects.filter(calendar_token=token).select_related("user").first()
    if profile is None:
        raise Http404("No such calendar.")
    body = build_calendar(profile, now=timezone.now(), host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cellwise.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# ---------------------------------------------------------------- unsubscribe


@csrf_exempt  # RFC 8058 one-click POSTs come from mail providers without our cookie.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user_id = services.user_from_unsubscribe_token(token)
    if user_id is None:
        raise Http404("This unsubscribe link is not valid.")
    user = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        Profile.objects.filter(user=user).update(wants_email_reminders=False)
        return render(request, "routines/reminders/unsubscribe.html", {"done": True})
    return render(request, "routines/reminders/unsubscribe.html", {"done": False, "token": token})
