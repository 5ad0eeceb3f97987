import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import throttle
from accounts.forms import LoginForm, SettingsForm, SignUpForm, normalise_email
from config.redirects import safe_next
from routines.api import Profile, available_timezones, time_zone_changed

log = logging.getLogger("cellwise.auth")


def _next_url(request, default="routines:today"):
    target = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, target) or reverse_lazy(default)


@sensitive_post_parameters("password1", "password2")
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("routines:today")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        log.info("signup user_id=%s", user.pk)
        messages.success(request, "Welcome to Cellwise. Your account is ready.")
        return redirect("routines:today")
    return render(request, "registration/signup.html", {"form": form})


@sensitive_post_parameters("password")
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST":
        email = normalise_email(request.POST.get("email", ""))[:150]
        ip = throttle.client_ip(request)
        if throttle.is_locked_out(email, ip):
            log.warning("login_throttled")
            minutes = max(1, settings.LOGIN_COOLOFF_SECONDS // 60)
            form.add_error(
                None,
                "Too many failed attempts. For your safety, logging in is paused for this "
                f"account for about {minutes} minutes. You can reset your password meanwhile.",
            )
            status = 429
        elif form.is_valid():
            user = form.get_user()
            throttle.reset(email)
            auth_login(request, user)
            log.info("login_success user_id=%s", user.pk)
            return redirect(_next_url(request))
        else:
            throttle.record_failure(email, ip)
            log.info("login_failure")
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=status,
    )


@require_POST
def logout(request):
    user_id = request.user.pk
    auth_logout(request)
    if user_id:
        log.info("logout user_id=%s", user_id)
    messages.info(request, "You are logged out.")
    return redirect("home")


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
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "timezones": sorted(available_timezones())},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        log.info("password_change user_id=%s", self.request.user.pk)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, logged without the address typed (known or not)."""

    def form_valid(self, form):
        log.info("password_reset_requested")
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        log.info("password_reset user_id=%s", form.user.pk)
        return response
