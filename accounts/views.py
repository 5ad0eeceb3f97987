import logging

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.adapter import THROTTLED
from accounts.forms import SettingsForm
from routines.api import Profile, time_zone_changed

log = logging.getLogger("cellwise.auth")


class LoginView(allauth_views.LoginView):
    """allauth's sign-in; a throttled attempt answers 429 Too Many Requests."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code=THROTTLED):
            response.status_code = 429
            refusal = getattr(self.request, "login_refusal", None)
            if refusal is not None:
                response["Retry-After"] = str(refusal.retry_after)
        return response


login = LoginView.as_view()


def not_served(request):
    """An allauth page for a feature Cellwise has turned off (see accounts/auth/urls.py)."""
    raise Http404("Not available.")


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    profile = Profile.for_user(request.user)
    form = SettingsForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Wall-clock reminders follow a new time zone or reminder hour.
        if {"timezone", "reminder_hour"} & set(form.changed_data):
            time_zone_changed(request.user)
        messages.success(request, "Your settings are saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
