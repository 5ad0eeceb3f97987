"""Views for patch tests and procedures.

Thin functions: fetch the user's own rows (404 otherwise), validate a form inside the
user's time zone, call a service, redirect with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.cautions import IRRITATED_PATCH, PATCH_TEST_STEPS
from catalog.models import without_search_vectors
from routines.context import local_today, profile_for
from routines.dayplan import holds
from routines.errors import ActionRefused
from routines.models import PatchTest, Procedure, Step
from routines.safety import rules as safety
from routines.safety import selectors, services
from routines.safety.forms import (
    OverrideForm,
    PatchTestForm,
    ProcedureForm,
    ResultForm,
)


def _zone(request):
    return profile_for(request).zone


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
            messages.success(request, _started_message(test, now))
            return redirect("routines:patch_test", pk=test.pk)
        zone = _zone(request)
        tests = list(
            without_search_vectors(
                PatchTest.objects.filter(user=request.user)
                .select_related("product")
                .prefetch_related("reads"),
                "product",
            )
        )
        gates = selectors.current_holds(tests, zone, local_today(request))
        rows = [(t, safety.patch_phase(t.started_at, now), gates.get(_key(t))) for t in tests]
        return render(
            request,
            "routines/safety/patch_tests.html",
            {"form": form, "rows": rows, "patch_test_steps": PATCH_TEST_STEPS},
            status=400 if form.errors else 200,
        )


def _key(test):
    return selectors.product_key(test.product_id, test.product_name)


def _started_message(test, now) -> str:
    """What starting (or logging an earlier) test says: when to read it, or read it now."""
    phase = safety.patch_phase(test.started_at, now)
    if phase == "ready":
        return (
            f"Patch test of {test.product_name} logged. 48 hours have passed: read it now, "
            "and once more at 72 hours."
        )
    if phase == "overdue":
        return (
            f"Patch test of {test.product_name} logged. 72 hours have passed: read it now "
            "for the final read."
        )
    return (
        f"Patch test of {test.product_name} started. We'll remind you to read it in 48 hours, "
        "and again at 72 hours."
    )


def _read_message(test, read) -> str:
    outcome = services.outcome_of(test)
    if outcome == holds.REACTED:
        return holds.PATCH_REACTED_MESSAGE
    if outcome == "passed":
        return f"Final read saved: no reaction. {test.product_name} can go into your routine."
    slot = holds.read_slot(test.started_at, read.read_at)
    final = safety.patch_last_call_at(test.started_at)
    local = timezone.localtime(final)
    word = "Early read" if slot == "early" else "First read"
    return (
        f"{word} saved: no reaction so far. Keep watching: the 72-hour read, from "
        f"{local:%a %-d %b at %H:%M}, decides."
    )


def _test_context(request, test, now, **forms):
    zone = _zone(request)
    gate = selectors.hold_for_product_of(test, zone, local_today(request))
    outcome = services.outcome_of(test)
    return {
        "test": test,
        "now": now,
        "outcome": outcome,
        "reads": [(r, holds.read_slot(test.started_at, r.read_at)) for r in test.reads.all()],
        "reacted_message": holds.PATCH_REACTED_MESSAGE,
        "phase": safety.patch_phase(test.started_at, now),
        "read_at": safety.patch_read_at(test.started_at),
        "last_call_at": safety.patch_last_call_at(test.started_at),
        "early": safety.is_early_read(test.started_at, now),
        "gate": gate,
        "result_form": forms.get("result_form")
        or ResultForm(test=test, now=now, late_only=outcome == "passed"),
        "override_form": forms.get("override_form") or OverrideForm(),
        # The guide's own words (catalog.cautions): one voice on safety.
        "irritated_patch": IRRITATED_PATCH,
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
        form = ResultForm(request.POST, test=test, now=now)
        if form.is_valid():
            try:
                read = services.record_read(
                    test,
                    result=form.cleaned_data["result"],
                    notes=form.cleaned_data["notes"],
                    now=now,
                )
            except ActionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("routines:patch_test", pk=test.pk)
            messages.success(request, _read_message(test, read))
            return redirect("routines:patch_test", pk=test.pk)
        return render(
            request,
            "routines/safety/patch_test_detail.html",
            _test_context(request, test, now, result_form=form),
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
    today = local_today(request)
    form = ProcedureForm(
        request.POST or None, today=today, first_data=selectors.first_data_date(request.user)
    )
    if request.method == "POST" and form.is_valid():
        procedure = form.save(commit=False)
        procedure.user = request.user
        services.save_procedure(procedure)
        chosen = form.cleaned_data.get("recovery_days_given")
        messages.success(
            request,
            f"{procedure.get_kind_display()} logged with a {procedure.recovery_days}-day "
            "recovery window"
            + (
                "."
                if chosen
                else " (this site's default; change it if your clinician said otherwise)."
            ),
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
        paused = selectors.pausable_steps(
            request.user,
            without_search_vectors(
                Step.objects.filter(
                    routine__user=request.user,
                    routine__is_active=True,
                    routine__deleted_at=None,
                    ended_on=None,
                ).select_related("product__brand", "routine"),
                "product",
            ),
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
            "defaults_note": safety.RECOVERY_DEFAULTS_NOTE,
            "paused_steps": paused,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_edit(request, pk):
    procedure = get_object_or_404(Procedure, pk=pk, user=request.user)
    today = local_today(request)
    form = ProcedureForm(
        request.POST or None,
        instance=procedure,
        today=today,
        first_data=selectors.first_data_date(request.user),
    )
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
