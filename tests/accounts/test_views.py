import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from routines.models import Profile

User = get_user_model()


def test_signup_creates_user_and_profile_and_lands_on_today(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "New@Example.com ",
            "password1": "a-long-unusual-pass",
            "password2": "a-long-unusual-pass",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("routines:today")
    user = User.objects.get(email="new@example.com")
    assert Profile.objects.filter(user=user).exists()
    assert client.get(reverse("routines:today")).status_code == 200


def test_signup_rejects_duplicate_email_and_mismatched_passwords(client, owner):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": owner.email.upper(),
            "password1": "a-long-unusual-pass",
            "password2": "different-pass-1",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "already exists" in form.errors["email"][0]
    assert "password2" in form.errors
    assert User.objects.count() == 1


def test_signup_rejects_weak_password_without_saving(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "weak@example.com", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(email="weak@example.com").exists()


def test_login_with_email_and_logout_is_post_only(client, owner, password):
    response = client.post(reverse("accounts:login"), {"email": owner.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("routines:today")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("routines:today")).status_code == 302


def test_login_next_rejects_other_hosts(client, owner, password):
    response = client.post(
        reverse("accounts:login"),
        {"email": owner.email, "password": password, "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("routines:today")


def test_wrong_password_shows_message_beside_form(client, owner):
    response = client.post(reverse("accounts:login"), {"email": owner.email, "password": "nope"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()


def test_login_throttle_cools_off_and_recovers(client, owner, password, settings):
    url = reverse("accounts:login")
    with time_machine.travel("2026-01-01 09:00Z", tick=False) as traveller:
        statuses = [
            client.post(url, {"email": owner.email, "password": f"wrong-{i}"}).status_code
            for i in range(25)
        ]
        assert (
            statuses[: settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS]
            == [200] * settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS
        )
        assert set(statuses[settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS :]) == {429}
        # Even the right password is refused until the window ends, with a clear message.
        response = client.post(url, {"email": owner.email, "password": password})
        assert response.status_code == 429
        assert "Too many failed attempts" in response.content.decode()

        traveller.shift(settings.LOGIN_WINDOW_SECONDS + 1)
        response = client.post(url, {"email": owner.email, "password": password})
        assert response.status_code == 302


def test_throttle_gives_unknown_emails_the_same_answer(client, db, settings):
    url = reverse("accounts:login")
    with time_machine.travel("2026-01-01 09:00Z", tick=False):
        for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS):
            client.post(url, {"email": "nobody@example.com", "password": "x"})
        response = client.post(url, {"email": "nobody@example.com", "password": "x"})
    assert response.status_code == 429


def test_throttle_per_ip_covers_many_accounts(client, db, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    url = reverse("accounts:login")
    with time_machine.travel("2026-01-01 09:00Z", tick=False):
        for i in range(5):
            client.post(url, {"email": f"spray{i}@example.com", "password": "x"})
        response = client.post(url, {"email": "fresh@example.com", "password": "x"})
    assert response.status_code == 429


def test_settings_page_requires_login(client, db):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_settings_saves_valid_timezone(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:settings"),
        {"timezone": "Asia/Tokyo", "wants_email_reminders": "", "reminder_hour": "7"},
    )
    assert response.status_code == 302
    owner.profile.refresh_from_db()
    assert owner.profile.timezone == "Asia/Tokyo"
    assert owner.profile.reminder_hour == 7
    assert owner.profile.wants_email_reminders is False


def test_settings_rejects_unknown_timezone_and_bad_hour(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:settings"),
        {"timezone": "Mars/Olympus", "wants_email_reminders": "on", "reminder_hour": "25"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "not a time zone name" in errors["timezone"][0]
    assert "reminder_hour" in errors
    owner.profile.refresh_from_db()
    assert owner.profile.timezone == "UTC"


def test_password_reset_sends_email_with_working_link(client, owner):
    response = client.post(reverse("accounts:password_reset"), {"email": owner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.context["validlink"] is True
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "another-long-pass-9", "new_password2": "another-long-pass-9"},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("another-long-pass-9")


def test_password_reset_for_unknown_email_looks_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "ghost@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_change(owner_client, owner, password):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "fresh-long-pass-7",
            "new_password2": "fresh-long-pass-7",
        },
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("fresh-long-pass-7")
