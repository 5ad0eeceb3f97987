"""The access table: for every URL pattern, what each kind of visitor gets.

Keys are the pattern's qualified name ("namespace:name"). The whole Django admin is one
family, "admin", exercised by its own tests (staff only; the Catalog editor reaches catalog
and guide models and nothing of users' data).

Columns are the result of a plain GET by an anonymous visitor, the owner of the objects in the
URL, another signed-in user and a staff Catalog editor:
  200 / 302 / 404 / 405  — that status code;
  LOGIN                  — a redirect to the log-in page with ?next=.
`obj=True` marks URLs whose arguments name one user's private object: everyone but the owner
must get 404 for them, by GET and by POST. `post` is a valid form body for state-changing
views (None when the view never changes state).
"""

import dataclasses
from collections.abc import Callable

LOGIN = "login"
ADMIN_FAMILY = "admin"


@dataclasses.dataclass(frozen=True)
class Access:
    anon: int | str
    owner: int | str
    other: int | str
    editor: int | str
    kwargs: Callable = lambda w: {}
    obj: bool = False
    post: Callable | None = None
    # The URL itself carries a secret (reset link, calendar feed, unsubscribe): whoever holds
    # it gets the page, so the "no owner data for others" check does not apply.
    secret_in_url: bool = False


def public(**extra):
    return Access(200, 200, 200, 200, **extra)


def private(owner=200, **extra):
    """Signed-in page about the viewer's own data: everyone signed in sees their own."""
    return Access(LOGIN, owner, owner, owner, **extra)


def owned(owner=200, **extra):
    """URL naming one user's object: only the owner may reach it."""
    return Access(LOGIN, owner, 404, 404, obj=True, **extra)


def post_only(**extra):
    return Access(LOGIN, 405, 405, 405, **extra)


def _routine(w):
    return {"pk": w.routine.pk}


def _step(w):
    return {"pk": w.routine.pk, "step_pk": w.step.pk}


def _signup_post(w):
    return {
        "email": "new-person@example.com",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
    }


ACCESS: dict[str, Access] = {
    # Site-wide public pages.
    "home": public(),
    "healthz": public(),
    "robots_txt": public(),
    "sitemap": public(),
    "search": public(),
    # Accounts (django-allauth). Sign-up and log-in send a signed-in visitor on to Today.
    "account_signup": Access(200, 302, 302, 302, post=_signup_post),
    "account_login": Access(
        200, 302, 302, 302, post=lambda w: {"login": w.owner.email, "password": "wrong"}
    ),
    # GET asks to confirm; only the POST signs out. Nobody signed in: back to the home page.
    "account_logout": Access(302, 200, 200, 200, post=lambda w: {}),
    "account_inactive": public(),
    "accounts:settings": private(post=lambda w: {"timezone": "Europe/London"}),
    "account_email": private(post=lambda w: {"action_add": "", "email": "moved@example.com"}),
    "account_email_verification_sent": public(),
    # The key in the address is the credential; GET only asks, the POST confirms.
    "account_confirm_email": public(kwargs=lambda w: w.confirmation_key(), secret_in_url=True),
    "account_change_password": private(),
    # Every account here has a password: "set" sends on to "change".
    "account_set_password": Access(LOGIN, 302, 302, 302),
    "account_reauthenticate": private(post=lambda w: {"password": "wrong"}),
    # Sign-in and re-authentication by emailed code are turned off (accounts/auth/urls.py).
    "account_request_reauthentication_code": Access(404, 404, 404, 404),
    "account_confirm_reauthentication_code": Access(404, 404, 404, 404),
    "account_confirm_login_code": Access(404, 404, 404, 404),
    "account_reset_password": public(post=lambda w: {"email": w.owner.email}),
    "account_reset_password_done": public(),
    # A valid link redirects to the token-free set-password address.
    "account_reset_password_from_key": Access(
        302, 302, 302, 302, kwargs=lambda w: w.reset_link(), secret_in_url=True
    ),
    "account_reset_password_from_key_done": public(),
    # Two-factor (allauth.mfa). The clients here have just re-authenticated; without that,
    # every change asks for it first (tests/accounts/test_two_factor.py). Pages about codes
    # the user has not set up are 404.
    "mfa_index": private(),
    "mfa_authenticate": Access(302, 302, 302, 302),
    "mfa_reauthenticate": Access(LOGIN, 302, 302, 302),
    "mfa_activate_totp": private(),
    "mfa_deactivate_totp": private(404),
    "mfa_view_recovery_codes": private(404),
    "mfa_generate_recovery_codes": private(),
    "mfa_download_recovery_codes": private(404),
    "mfa_list_webauthn": private(),
    "mfa_add_webauthn": private(),
    # Only for someone with a passkey; the others are sent to the password check.
    "mfa_reauthenticate_webauthn": Access(LOGIN, 200, 302, 302),
    "mfa_remove_webauthn": owned(kwargs=lambda w: {"pk": w.passkey.pk}, post=lambda w: {}),
    "mfa_edit_webauthn": owned(
        kwargs=lambda w: {"pk": w.passkey.pk}, post=lambda w: {"name": "Mine"}
    ),
    # Without JavaScript's Accept: application/json it sends the reader to the log-in page.
    "mfa_login_webauthn": Access(302, 302, 302, 302),
    # Signed-in sessions (allauth.usersessions): the POST signs out every other session.
    "usersessions_list": private(post=lambda w: {}),
    # Catalog and guide: public reading; the compare basket is in the address (?p=).
    "catalog:list": public(),
    "catalog:compare": public(),
    "catalog:fit": public(),
    "catalog:detail": public(kwargs=lambda w: {"slug": w.product.slug}),
    "guide:index": public(),
    "guide:faq": public(),
    "guide:glossary": public(),
    "guide:about": public(),
    "guide:article": public(kwargs=lambda w: {"slug": w.article.slug}),
    # Routines: private.
    "routines:today": private(),
    "routines:history": private(),
    "routines:starters": private(),
    "routines:routine_list": private(),
    "routines:routine_create": private(post=lambda w: {"name": "Morning", "period": "am"}),
    "routines:starter_copy": post_only(
        kwargs=lambda w: {"slug": w.starter_slug}, post=lambda w: {}
    ),
    "routines:skin_log": post_only(
        post=lambda w: {"day": "2026-11-24", "condition": "", "note": "calm"}
    ),
    "routines:step_check": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=lambda w: {"step_pk": w.step.pk},
        post=lambda w: {"status": "done", "day": "2026-11-24"},
    ),
    "routines:routine_detail": owned(kwargs=_routine),
    "routines:routine_edit": owned(
        kwargs=_routine, post=lambda w: {"name": "Renamed", "period": "pm"}
    ),
    # GET shows a confirmation page; only the POST deletes.
    "routines:routine_delete": owned(kwargs=_routine, post=lambda w: {}),
    "routines:routine_restore": Access(
        LOGIN, 405, 405, 405, obj=True, kwargs=_routine, post=lambda w: {}
    ),
    # Without htmx the search sends the reader to the editor page with ?q=.
    "routines:product_search": owned(302, kwargs=_routine),
    "routines:step_add": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=_routine,
        post=lambda w: {"custom_name": "Added", "kind": "other", "start_date": "2026-11-01"},
    ),
    "routines:step_move": Access(
        LOGIN, 405, 405, 405, obj=True, kwargs=_step, post=lambda w: {"direction": "up"}
    ),
    "routines:step_edit": owned(
        kwargs=_step,
        # The form carries the step's revision (optimistic concurrency).
        post=lambda w: {
            "kind": "other",
            "schedule": "daily",
            "start_date": "2026-11-01",
            "revision": w.step.revision,
        },
    ),
    # GET asks first (the confirmation page); POST removes (ends) the step.
    "routines:step_remove": owned(kwargs=_step, post=lambda w: {}),
    "routines:step_restore": Access(
        LOGIN, 405, 405, 405, obj=True, kwargs=_step, post=lambda w: {}
    ),
    # Safety area: patch tests, procedures, notifications, reminders, calendar, unsubscribe.
    "routines:patch_tests": private(
        post=lambda w: {
            "product_name": "Trial serum",
            "site": "inner_forearm",
            "started_at": "2026-11-20T09:00",
        }
    ),
    "routines:patch_test": owned(kwargs=lambda w: {"pk": w.patch_test.pk}),
    "routines:patch_test_result": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=lambda w: {"pk": w.patch_test.pk},
        post=lambda w: {"result": "none"},
    ),
    "routines:patch_test_override": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=lambda w: {"pk": w.patch_test.pk},
        post=lambda w: {"confirm": "on"},
    ),
    "routines:patch_test_abandon": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=lambda w: {"pk": w.patch_test.pk},
        post=lambda w: {},
    ),
    "routines:procedures": private(
        post=lambda w: {"kind": "microneedling", "date": "2026-11-20", "recovery_days": "5"}
    ),
    "routines:procedure_edit": owned(
        kwargs=lambda w: {"pk": w.procedure.pk},
        post=lambda w: {"kind": "microneedling", "date": "2026-11-21", "recovery_days": "6"},
    ),
    "routines:procedure_delete": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=lambda w: {"pk": w.procedure.pk},
        post=lambda w: {},
    ),
    "routines:notifications": private(),
    "routines:notifications_badge": private(),
    "routines:notifications_read_all": post_only(post=lambda w: {}),
    "routines:notification_dismiss": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=lambda w: {"pk": w.reminder.pk},
        post=lambda w: {},
    ),
    "routines:reminder_settings": private(
        post=lambda w: {"am_nudge_at": "08:00", "pm_nudge_at": "21:00"}
    ),
    "routines:calendar_regenerate": post_only(post=lambda w: {}),
    # The token in the address is the credential (see test_token_urls): no session needed.
    "routines:calendar_feed": public(
        kwargs=lambda w: {"token": w.calendar_token}, secret_in_url=True
    ),
    # GET asks to confirm; the POST (RFC 8058 one-click, CSRF-exempt) switches emails off.
    "routines:unsubscribe": public(
        kwargs=lambda w: {"token": w.unsubscribe_token}, secret_in_url=True
    ),
    # Shelf and avoid-list.
    "routines:shelf": private(),
    "routines:shelf_add": private(
        post=lambda w: {
            "custom_name": "Spare serum",
            "status": "unopened",
            "storage": "room",
            "currency": "USD",
        }
    ),
    "routines:shelf_edit": owned(
        kwargs=lambda w: {"pk": w.shelf_item.pk},
        post=lambda w: {
            "product": w.shelf_item.product_id,
            "status": "in_use",
            "opened_on": "2026-03-01",
            "pao_months": "6",
            "storage": "room",
            "currency": "USD",
        },
    ),
    "routines:shelf_status": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=lambda w: {"pk": w.shelf_item.pk},
        post=lambda w: {"status": "finished"},
    ),
    "routines:shelf_delete": owned(kwargs=lambda w: {"pk": w.shelf_item.pk}, post=lambda w: {}),
    "routines:avoid": private(post=lambda w: {"ingredient": w.avoided.ingredient.name}),
    "routines:avoid_remove": Access(
        LOGIN,
        405,
        405,
        405,
        obj=True,
        kwargs=lambda w: {"pk": w.avoided.pk},
        post=lambda w: {},
    ),
    # Progress photos: the files too are owner-only (404 for everyone else).
    "routines:photos": private(),
    "routines:photo_add": private(post=lambda w: {"taken_on": "2026-01-01"}),
    "routines:photo_compare": private(),
    "routines:photo_detail": owned(kwargs=lambda w: {"pk": w.photo.pk}),
    "routines:photo_delete": owned(kwargs=lambda w: {"pk": w.photo.pk}, post=lambda w: {}),
    "routines:photo_file": owned(kwargs=lambda w: {"pk": w.photo.pk, "size": "image"}),
    # My data: export (a download), printable summary, delete account (after re-authenticating,
    # asks to tick a box; the body here leaves it unticked).
    "accounts:export": private(),
    "accounts:summary": private(),
    "accounts:delete": private(post=lambda w: {}),
    # Django admin: staff only; see test_admin_access.
    ADMIN_FAMILY: Access(302, 302, 302, 200),
}
