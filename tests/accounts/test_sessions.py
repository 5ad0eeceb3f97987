"""The signed-in sessions page (allauth.usersessions): what it lists and ending the others."""

from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

TODAY = "/routines/"


def sign_in(user, password, agent):
    client = Client(headers={"user-agent": agent})
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    return client


def test_the_page_lists_each_device_and_ends_the_others_at_once(owner, other_user, password):
    phone = sign_in(owner, password, "Phone browser 1.0")
    laptop = sign_in(owner, password, "Laptop browser 2.0")
    someone_else = sign_in(other_user, password, "Other person's browser")
    page = laptop.get(reverse("usersessions_list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Phone browser 1.0" in html and "Laptop browser 2.0" in html
    assert "Other person" not in html
    assert "Sign out everywhere else" in html

    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302
    # The phone is signed out on its very next request; the laptop and the other user are not.
    assert phone.get(TODAY).status_code == 302
    assert laptop.get(TODAY).status_code == 200
    assert someone_else.get(TODAY).status_code == 200
    assert list(UserSession.objects.filter(user=owner).values_list("user_agent", flat=True)) == [
        "Laptop browser 2.0"
    ]
    assert (
        "Only this device is signed in" in laptop.get(reverse("usersessions_list")).content.decode()
    )


def test_a_password_change_signs_out_every_other_device(owner, password):
    phone = sign_in(owner, password, "Phone")
    laptop = sign_in(owner, password, "Laptop")
    page = laptop.get(reverse("account_change_password")).content.decode()
    assert "signs out every other device" in page
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": password,
            "password1": "fresh-long-pass-7",
            "password2": "fresh-long-pass-7",
        },
    )
    assert response.status_code == 302
    assert phone.get(TODAY).status_code == 302
    assert laptop.get(TODAY).status_code == 200
    listed = laptop.get(reverse("usersessions_list")).context["sessions"]
    assert [s.user_agent for s in listed] == ["Laptop"]


def test_the_sessions_page_needs_sign_in(client, db):
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
