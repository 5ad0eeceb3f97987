"""Walk every URL pattern; each must be in the access table, and the table must hold."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.security.access import ACCESS, ADMIN_FAMILY, LOGIN
from tests.security.urlwalk import pattern_keys

ROLES = ("anon", "owner", "other", "editor")
# Text that exists only in the owner's private data (see the world fixture).
OWNER_MARKERS = (
    b"Owner-only night routine",
    b"Owner-only serum",
    b"Owner-only skin note",
    b"Owner-only patch serum",
    b"Owner-only procedure note",
    b"Owner-only shelf note",
    b"Owner-only avoid reason",
    b"Owner-only photo note",
    b"Owner-only passkey",
)
PAGES = sorted(key for key in ACCESS if key != ADMIN_FAMILY)


def test_every_url_pattern_is_in_the_access_table():
    keys = pattern_keys()
    missing = [key for key in keys if key not in ACCESS]
    assert not missing, f"URL patterns with no row in tests/security/access.py: {missing}"
    stale = [key for key in ACCESS if key not in keys]
    assert not stale, f"Access rows for URL patterns that no longer exist: {stale}"


def url_for(key, world):
    return reverse(key, kwargs=ACCESS[key].kwargs(world))


def model_counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def assert_status(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302, (url, response.status_code)
        assert response.url.startswith(reverse("account_login") + "?next="), response.url
    else:
        assert response.status_code == expected, (url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("key", PAGES)
def test_get_gives_what_the_table_says(key, world, clients):
    url = url_for(key, world)
    for role in ROLES:
        response = clients[role].get(url)
        assert_status(response, getattr(ACCESS[key], role), f"{role} GET {url}")
        if role in ("other", "editor", "anon") and not ACCESS[key].secret_in_url:
            for marker in OWNER_MARKERS:
                assert marker not in response.content, f"{role} saw owner data at {url}"


OBJECT_POSTS = sorted(key for key, row in ACCESS.items() if row.obj and row.post)


@pytest.mark.django_db
@pytest.mark.parametrize("key", OBJECT_POSTS)
def test_other_users_and_editors_cannot_post_to_someone_elses_objects(key, world, clients):
    url = url_for(key, world)
    data = ACCESS[key].post(world)
    before = model_counts()
    for role in ("other", "editor"):
        assert clients[role].post(url, data).status_code == 404, (role, url)
        assert clients[role].post(url, data, headers={"HX-Request": "true"}).status_code == 404
    assert_status(clients["anon"].post(url, data), LOGIN, url)
    assert model_counts() == before
    world.routine.refresh_from_db()
    world.step.refresh_from_db()
    assert world.routine.name == "Owner-only night routine"
    assert world.step.custom_name == "Owner-only serum"


PRIVATE_POSTS = sorted(key for key, row in ACCESS.items() if row.post and row.anon == LOGIN)


@pytest.mark.django_db
@pytest.mark.parametrize("key", PRIVATE_POSTS)
def test_anonymous_posts_to_private_views_change_nothing(key, world, clients):
    url = url_for(key, world)
    before = model_counts()
    assert_status(clients["anon"].post(url, ACCESS[key].post(world)), LOGIN, url)
    assert model_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(k for k, r in ACCESS.items() if r.obj))
def test_owner_post_works_so_the_404s_above_mean_something(key, world, clients):
    """The bodies used above are valid: the owner's POST is accepted (2xx/3xx)."""
    url = url_for(key, world)
    row = ACCESS[key]
    if row.post is None:
        pytest.skip("read-only")
    response = clients["owner"].post(url, row.post(world))
    assert response.status_code in (200, 302), (url, response.status_code)


# --- Django admin: staff only; the editor sees catalog/guide, never users' data ---------------

USER_DATA_APPS = ("auth", "routines", "sessions")


def admin_model_urls(app_labels):
    from django.contrib import admin

    urls = []
    for model in admin.site._registry:
        if model._meta.app_label in app_labels:
            info = (model._meta.app_label, model._meta.model_name)
            urls.append(reverse("admin:{}_{}_changelist".format(*info)))
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    return urls


@pytest.mark.django_db
def test_admin_is_staff_only(clients):
    index = reverse("admin:index")
    for role in ("anon", "owner", "other"):
        response = clients[role].get(index)
        assert response.status_code == ACCESS[ADMIN_FAMILY].__dict__[role]
        assert response.url.startswith(reverse("admin:login"))
    assert clients["editor"].get(index).status_code == ACCESS[ADMIN_FAMILY].editor


@pytest.mark.django_db
def test_editor_cannot_reach_user_data_in_admin(world, clients, owner):
    from django.contrib import admin

    registered = {m._meta.app_label for m in admin.site._registry}
    assert not registered & {"routines", "sessions"}, "users' routine data must stay out of admin"
    user_urls = [
        *admin_model_urls(USER_DATA_APPS),
        reverse("admin:auth_user_change", args=[owner.pk]),
        reverse("admin:auth_user_password_change", args=[owner.pk]),
        f"/admin/routines/routine/{world.routine.pk}/change/",
        "/admin/routines/skinlog/",
        "/admin/routines/checkin/",
    ]
    for url in user_urls:
        response = clients["editor"].get(url)
        assert response.status_code in (403, 404), (url, response.status_code)
        assert owner.email.encode() not in response.content
    index = clients["editor"].get(reverse("admin:index")).content
    assert b"/admin/auth/" not in index
    assert b"/admin/routines/" not in index


@pytest.mark.django_db
def test_editor_reaches_catalog_and_guide_admin(clients):
    urls = admin_model_urls(("catalog", "guide"))
    assert urls
    for url in urls:
        assert clients["editor"].get(url).status_code == 200, url
