"""The whole sign-in story in Chromium: sign up, confirm the address from the mail, turn on
an authenticator app, sign in with it, add a passkey (Chromium's virtual authenticator,
through Playwright's CDP session) and sign in with that."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from tests.browser.site_checks import open_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-pass"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def shot(page, screenshot_dir, name, viewport):
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/{name}-{viewport['width']}.png", full_page=True)


def email_for(viewport) -> str:
    # One address per run: allauth's resend limit (one link per address per few minutes)
    # lives in the live server's cache, which outlasts a single test.
    return f"journey-{viewport['width']}@example.com"


def log_out(page):
    open_main_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()


def confirm_password(page):
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def add_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_sign_up_verify_totp_and_passkey(
    page_and_console, live_server, viewport, screenshot_dir, settings
):
    # live_server is http://localhost:<port>: a secure context for the browser, not for fido2.
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"  # links in mails point at live_server
    page, console = page_and_console
    email = email_for(viewport)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    shot(page, screenshot_dir, "signup", viewport)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    shot(page, screenshot_dir, "check-email", viewport)

    # The verification link from the mail (locmem backend), confirmed with a POST.
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my address").click()
    expect(page).to_have_url(re.compile(r"/routines/$"))
    expect(page.get_by_text("No emails until you confirm")).to_have_count(0)

    # Turn on an authenticator app: re-authenticate, scan (read the secret), prove a code.
    page.goto(live_server.url + "/accounts/2fa/")
    page.get_by_role("link", name="Set up an authenticator app").click()
    confirm_password(page)
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    shot(page, screenshot_dir, "totp-setup", viewport)
    secret = page.locator(".totp-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    shot(page, screenshot_dir, "recovery-codes", viewport)

    # Sign out, then in again: password, then the code.
    log_out(page)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    shot(page, screenshot_dir, "second-step", viewport)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/routines/$"))

    # Add a passkey with Chromium's virtual authenticator.
    add_virtual_authenticator(page)
    page.goto(live_server.url + "/accounts/2fa/webauthn/add/")
    confirm_password(page)
    expect(page.get_by_role("heading", name="Add a passkey")).to_be_visible()
    page.get_by_label("Name for this passkey").fill("Test laptop")
    shot(page, screenshot_dir, "add-passkey", viewport)
    page.get_by_role("button", name="Create the passkey").click()
    expect(page.get_by_text("You have 1 passkey.")).to_be_visible()
    page.get_by_role("link", name="Manage passkeys").click()
    expect(page.get_by_role("cell", name="Test laptop logs in without a password")).to_be_visible()

    # Sign out and back in with the passkey alone.
    log_out(page)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Log in with a passkey").click()
    expect(page).to_have_url(re.compile(r"/routines/$"))
    shot(page, screenshot_dir, "today-after-passkey", viewport)
    console.assert_clean()


def test_wrong_password_shows_message_beside_the_form(page_and_console, live_server, owner):
    page, console = page_and_console
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_text("do not match")).to_be_visible()
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/routines/$"))
    console.assert_clean()
