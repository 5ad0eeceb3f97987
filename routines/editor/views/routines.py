"""Routine-level views: the list, create, rename, delete (undoable) and the starters."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from routines.context import local_today
from routines.editor import services, starters
from routines.editor.forms import RoutineForm
from routines.editor.views.steps import _own_routine
from routines.errors import ActionRefused
from routines.models import Routine, Step
from routines.reminders.services import sync_reminders

# Routines ----------------------------------------------------------------------------


@login_required
@require_GET
def routine_list(request):
    routines = list(
        Routine.objects.filter(user=request.user, deleted_at=None).order_by("period", "name", "pk")
    )
    deleted = list(
        Routine.objects.filter(
            user=request.user,
            deleted_at__gte=timezone.now() - dt.timedelta(days=services.ROUTINE_RESTORE_DAYS),
        ).order_by("-deleted_at")
    )
    counts = dict(
        Step.objects.filter(routine__user=request.user, ended_on=None)
        .values("routine_id")
        .annotate(n=Count("pk"))
        .values_list("routine_id", "n")
    )
    for routine in routines:
        routine.step_count = counts.get(routine.pk, 0)
    return render(
        request,
        "routines/editor/routine_list.html",
        {
            "routines": routines,
            "deleted": deleted,
            "restore_days": services.ROUTINE_RESTORE_DAYS,
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
        request,
        "routines/editor/routine_form.html",
        {"form": form, "subnav": "routines"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def routine_edit(request, pk):
    routine = _own_routine(request, pk)
    form = RoutineForm(request.POST or None, instance=routine)
    if request.method == "POST" and form.is_valid():
        form.save()
        sync_reminders(request.user)  # switched off: no "step resumes"
        messages.success(request, "Routine saved.")
        return redirect("routines:routine_detail", pk=routine.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "routines/editor/routine_form.html",
        {"form": form, "routine": routine, "subnav": "routines"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def routine_delete(request, pk):
    routine = _own_routine(request, pk)
    if request.method == "POST":
        services.delete_routine(routine, now=timezone.now())
        sync_reminders(request.user)
        messages.success(
            request,
            f"“{routine.name}” deleted. Its past days stay in your History; restore it below "
            f"within {services.ROUTINE_RESTORE_DAYS} days if that was a mistake.",
        )
        return redirect("routines:routine_list")
    return render(
        request,
        "routines/editor/routine_delete.html",
        {"routine": routine, "restore_days": services.ROUTINE_RESTORE_DAYS, "subnav": "routines"},
    )


@login_required
@require_POST
def routine_restore(request, pk):
    """Undo deleting a routine."""
    routine = get_object_or_404(Routine, pk=pk, user=request.user)
    try:
        services.restore_routine(routine, now=timezone.now())
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("routines:routine_list")
    sync_reminders(request.user)
    messages.success(request, f"“{routine.name}” is back, with its steps.")
    return redirect("routines:routine_detail", pk=routine.pk)


# Starters ----------------------------------------------------------------------------


@login_required
@require_GET
def starter_list(request):
    return render(
        request,
        "routines/editor/starters.html",
        {"starters": starters.STARTERS, "subnav": "starters"},
    )


@login_required
@require_POST
def starter_copy(request, slug):
    starter = starters.BY_SLUG.get(slug)
    if starter is None:
        raise Http404("No such starter routine.")
    created = services.copy_starter(request.user, starter, today=local_today(request))
    sync_reminders(request.user)
    names = " and ".join(f"“{r.name}”" for r in created)
    messages.success(request, f"Copied {names} into your routines. Adjust them to suit you.")
    return redirect("routines:routine_detail", pk=created[-1].pk)
