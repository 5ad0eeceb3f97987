"""“My data”: download everything, a printable summary, and deleting the account."""

import logging

from allauth.account.decorators import reauthentication_required
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.mydata.forms import DeleteAccountForm, SummaryPeriodForm
from routines.api import (
    Profile,
    build_export_zip,
    build_summary,
    delete_account,
    export_filename,
)

log = logging.getLogger("cellwise.auth")


@login_required
@require_GET
def export_download(request):
    """A zip of every row the user owns: one JSON file and one CSV per table."""
    today = Profile.for_user(request.user).local_today()
    response = HttpResponse(build_export_zip(request.user), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(request.user, today)}"'
    )
    log.info("export user_id=%s", request.user.pk)
    return response


@login_required
@require_GET
def summary(request):
    """A printable summary for a dermatologist: routine, products, shelf, skin-log trend."""
    today = Profile.for_user(request.user).local_today()
    data = request.GET if "start" in request.GET or "end" in request.GET else None
    form = SummaryPeriodForm(data, initial=SummaryPeriodForm.default_period(today))
    period = SummaryPeriodForm.default_period(today)
    if form.is_bound and form.is_valid():
        period = form.cleaned_data
    context = build_summary(request.user, period["start"], period["end"], today)
    return render(request, "accounts/summary.html", {"form": form, **context})


@never_cache
@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """After a fresh re-authentication and a confirmation, delete everything in one
    transaction (allauth's rows too: they cascade from the user) and log out everywhere."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        user_id, email = user.pk, user.email
        counts, sessions = delete_account(user)
        auth_logout(request)
        log.info("account_deleted user_id=%s", user_id)
        return render(
            request,
            "accounts/deleted.html",
            {"counts": counts, "sessions": sessions, "email": email},
        )
    return render(request, "accounts/delete.html", {"form": form})
