"""Views for patch tests, procedures, notifications, reminder settings and the calendar feed.

Thin functions: fetch the user's own rows (404 otherwise), validate a form inside the
user's time zone, call a service, redirect with a message.
"""

import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from routines import reminders, safety
from routines import safety_services as services
from routines.calendar_feed import build_calendar
from routines.models import PatchTest, Procedure, Profile, Reminder, Step
from routines.safety_forms import (
    MildDecisionForm,
    NudgeForm,
    OverrideForm,
    PatchTestForm,
    ProcedureForm,
    ResultForm,
)

# secrets.token_urlsafe(32) gives 43 URL-safe characters.
CALENDAR_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _zone(request):
    return Profile.for_user(request.user).zone


# ---------------------------------------------------------------- patch tests


@login_required
@require_http_methods(["GET", "POST"])
def patch_tests(request):
    """The user's patch tests and the form to start one."""
    now = timezone.now()
    with timezone.override(_zone(request)):
        form = PatchTestForm(request.POST or None, now=now)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            test = services.start_patch_test(
                request.user,
                product=data["product"],
                product_name=(data["product_name"] or "").strip(),
                site=data["site"],
                started_at=data["started_at"],
                notes=data["notes"],
            )
            messages.success(
                request,
                f"Patch test of {test.product_name} started. We'll remind you when it is "
                "ready to read in 48 hours.",
            )
            return redirect("routines:patch_test", pk=test.pk)
        tests = list(PatchTest.objects.filter(user=request.user).select_related("product"))
        gates = services.gates_for_user(request.user)
        rows = [(t, safety.patch_phase(t.started_at, now), gates.get(_key(t))) for t in tests]
        return render(
            request,
            "routines/safety/patch_tests.html",
            {"form": form, "rows": rows},
            status=400 if form.errors else 200,
        )


def _key(test):
    return services.product_key(test.product_id, test.product_name)


def _test_context(request, test, now, **forms):
    gate = services.gates_for_user(request.user).get(_key(test))
    return {
        "test": test,
        "now": now,
        "phase": safety.patch_phase(test.started_at, now),
        "read_at": safety.patch_read_at(test.started_at),
        "last_call_at": safety.patch_last_call_at(test.started_at),
        "early": safety.is_early_read(test.started_at, now),
        "gate": gate,
        "result_form": forms.get("result_form") or ResultForm(test=test, now=now),
        "decision_form": forms.get("decision_form") or MildDecisionForm(),
        "override_form": forms.get("override_form") or OverrideForm(),
    }


@login_required
@require_GET
def patch_test_detail(request, pk):
    test = get_object_or_404(PatchTest, pk=pk, user=request.user)
    with timezone.override(_zone(request)):
        return render(
            request,
            "routines/safety/patch_test_detail.html",
            _test_context(request, test, timezone.now()),
        )


@login_required
@require_POST
def patch_test_result(request, pk):
    test = get_object_or_404(PatchTest, pk=pk, user=request.user)
    now = timezone.now()
    with timezone.override(_zone(request)):
        if not test.is_open:
            messages.error(request, "This test already has a result or was abandoned.")
            return redirect("routines:patch_test", pk=test.pk)
        form = ResultForm(request.POST, test=test, now=now)
        if form.is_valid():
            services.record_result(
                test, result=form.cleaned_data["result"], notes=form.cleaned_data["notes"], now=now
            )
            messages.success(request, f"Result saved: {test.get_result_display()}.")
            return redirect("routines:patch_test", pk=test.pk)
        return render(
            request,
            "routines/safety/patch_test_detail.html",
            _test_context(request, test, now, result_form=form),
            status=400,
        )


@login_required
@require_POST
def patch_test_decision(request, pk):
    test = get_object_or_404(PatchTest, pk=pk, user=request.user)
    now = timezone.now()
    with timezone.override(_zone(request)):
        form = MildDecisionForm(request.POST)
        if test.result != PatchTest.Result.MILD:
            messages.error(request, "A choice is only needed after a mild reaction.")
            return redirect("routines:patch_test", pk=test.pk)
        if form.is_valid():
            services.decide_after_mild(test, form.cleaned_data["decision"])
            messages.success(request, "Your choice is saved.")
            return redirect("routines:patch_test", pk=test.pk)
        return render(
            request,
            "routines/safety/patch_test_detail.html",
            _test_context(request, test, now, decision_form=form),
            status=400,
        )


@login_required
@require_POST
def patch_test_override(request, pk):
    test = get_object_or_404(PatchTest, pk=pk, user=request.user)
    now = timezone.now()
    with timezone.override(_zone(request)):
        form = OverrideForm(request.POST)
        if not test.is_open:
            messages.error(request, "Only a test still waiting for its result can be overridden.")
            return redirect("routines:patch_test", pk=test.pk)
        if form.is_valid():
            services.override_gate(test, now)
            messages.warning(
                request, f"{test.product_name} will be scheduled although its test is not read."
            )
            return redirect("routines:patch_test", pk=test.pk)
        return render(
            request,
            "routines/safety/patch_test_detail.html",
            _test_context(request, test, now, override_form=form),
            status=400,
        )


@login_required
@require_POST
def patch_test_abandon(request, pk):
    test = get_object_or_404(PatchTest, pk=pk, user=request.user)
    if not test.is_open:
        messages.error(request, "This test already has a result or was abandoned.")
    else:
        services.abandon_patch_test(test, timezone.now())
        messages.info(request, "Patch test abandoned. Its reminders are cancelled.")
    return redirect("routines:patch_test", pk=test.pk)


# ---------------------------------------------------------------- procedures


@login_required
@require_http_methods(["GET", "POST"])
def procedures(request):
    """The user's procedures, recovery windows, and the form to log one."""
    today = Profile.for_user(request.user).local_today()
    form = ProcedureForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        procedure = form.save(commit=False)
        procedure.user = request.user
        services.save_procedure(procedure)
        messages.success(
            request,
            f"{procedure.get_kind_display()} logged with a {procedure.recovery_days}-day "
            "recovery window.",
        )
        return redirect("routines:procedures")
    return _procedures_page(request, form, today, status=400 if form.errors else 200)


def _procedures_page(request, form, today, status=200, editing=None):
    rows = list(Procedure.objects.filter(user=request.user))
    windows = safety.merge_windows(
        [safety.recovery_window(p.pk, p.date, p.recovery_days) for p in rows]
    )
    current = next((w for w in windows if w.contains(today)), None)
    paused = []
    if current:
        paused = list(
            Step.objects.filter(
                routine__user=request.user,
                routine__is_active=True,
                kind__in=sorted(safety.PAUSED_DURING_RECOVERY),
            ).select_related("product__brand", "routine")
        )
    return render(
        request,
        "routines/safety/procedures.html",
        {
            "form": form,
            "procedures": rows,
            "windows": [w for w in windows if w.end > today],
            "current": current,
            "day_number": current.day_number(today) if current else None,
            "today": today,
            "editing": editing,
            "guidance": safety.RECOVERY_GUIDANCE,
            "paused_steps": paused,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_edit(request, pk):
    procedure = get_object_or_404(Procedure, pk=pk, user=request.user)
    today = timezone.now().astimezone(_zone(request)).date()
    form = ProcedureForm(request.POST or None, instance=procedure, today=today)
    if request.method == "POST":
        if form.is_valid():
            services.save_procedure(form.save(commit=False))
            messages.success(request, "Procedure updated; recovery reminders follow it.")
            return redirect("routines:procedures")
        # A failed edit must not leave the in-memory instance half-changed for the page.
        procedure.refresh_from_db()
    return render(
        request,
        "routines/safety/procedure_edit.html",
        {"form": form, "procedure": procedure},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def procedure_delete(request, pk):
    procedure = get_object_or_404(Procedure, pk=pk, user=request.user)
    services.delete_procedure(procedure)
    messages.info(request, "Procedure deleted.")
    return redirect("routines:procedures")


# ---------------------------------------------------------------- notifications


@login_required
@require_GET
def notifications(request):
    now = timezone.now()
    items = list(
        Reminder.objects.filter(user=request.user)
        .visible(now)
        .select_related("patch_test", "procedure", "step__product__brand", "user__profile")[:100]
    )
    zone = _zone(request)
    names = {}
    if any(r.kind == Reminder.Kind.ROUTINE_NUDGE for r in items):
        names = {p: reminders.routine_step_names(request.user, p) for p in ("am", "pm")}
    rows = [(r, reminders.build_message(r, zone, names)) for r in items]
    with timezone.override(zone):
        return render(request, "routines/safety/notifications.html", {"rows": rows})


@login_required
@require_GET
def notifications_badge(request):
    """The header badge alone, polled by htmx. When the count the page shows ("shown") is
    still right, 204: htmx swaps nothing, so screen readers are not told it again."""
    unread = services.unread_count(request.user)
    if request.GET.get("shown") == str(unread):
        response = HttpResponse(status=204)
    else:
        response = render(request, "routines/safety/badge.html#count", {"unread_reminders": unread})
    patch_vary_headers(response, ["HX-Request"])
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
        "routines/safety/reminder_settings.html",
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
    user_id = reminders.user_from_unsubscribe_token(token)
    if user_id is None:
        raise Http404("This unsubscribe link is not valid.")
    user = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        Profile.objects.filter(user=user).update(wants_email_reminders=False)
        return render(request, "routines/safety/unsubscribe.html", {"done": True})
    return render(request, "routines/safety/unsubscribe.html", {"done": False, "token": token})
