"""One inventory of every HTML page a user can reach, shared by the site-wide quality tests.

`build_world()` makes a small, realistic data set (an owner with routines, steps, check-ins
and skin logs; a newcomer with nothing yet; a staff editor; the shipped catalog and guide)
and `pages(world)` lists (label, url, who) for each page, where `who` is one of ANONYMOUS,
OWNER, NEWCOMER or EDITOR. `client_for(who, world)` gives a Django test client signed in
as that person. Add a row here whenever a new page ships: the HTML, accessibility and
security checks all read this list.
"""

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from django.apps import apps as global_apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.routines.photos import world as photo_world

ANONYMOUS = "anonymous"
OWNER = "owner"
NEWCOMER = "newcomer"  # signed in, no routines yet: the empty states
EDITOR = "editor"
ROLES = (ANONYMOUS, OWNER, NEWCOMER, EDITOR)

# Our models in the staff admin (catalog editors may use all of these).
ADMIN_MODELS = (
    ("catalog", "product"),
    ("catalog", "brand"),
    ("catalog", "concern"),
    ("catalog", "ingredient"),
    ("guide", "article"),
    ("guide", "faqentry"),
    ("guide", "glossaryterm"),
    ("guide", "searchsynonym"),
)


class Page(NamedTuple):
    label: str
    url: str
    who: str


@dataclass
class World:
    owner: object
    newcomer: object
    editor: object
    evening: object  # the owner's PM routine, with steps
    morning: object  # the owner's AM routine
    empty_routine: object  # the owner's routine without steps
    step: object
    patch_tests: dict = field(default_factory=dict)  # "waiting", "ready", "mild", "reaction"
    procedure: object = None
    shelf_item: object = None
    photos: list = field(default_factory=list)
    products: list = field(default_factory=list)
    compare_slugs: list = field(default_factory=list)

    @property
    def compare_query(self) -> str:
        """The compare basket in an address: the owner and a reader compare two serums."""
        return "?p=" + ",".join(self.compare_slugs)

    @property
    def compare_url(self) -> str:
        return reverse("catalog:compare") + self.compare_query

    admin_objects: dict = field(default_factory=dict)


def ensure_shipped_content():
    """Load what the data migrations load; transactional tests flush those rows."""
    import importlib

    from catalog.models import Product
    from catalog.roles import grant_editor_permissions
    from guide.content import load_guide_content

    seed = importlib.import_module("catalog.migrations.0003_seed_products").seed
    corrections = importlib.import_module(
        "catalog.migrations.0004_honest_origin_packaging_disclosure"
    )
    synonyms = importlib.import_module("guide.migrations.0005_search_vectors_and_synonyms")
    grant_editor_permissions(global_apps)
    seed(global_apps, None)
    corrections.correct(global_apps, None)
    # What later migrations fill in: the stored sort/score/search columns, the synonyms.
    Product.objects.all().refresh_derived()
    synonyms.add_synonyms(global_apps, None)
    load_guide_content()


def build_world(today: dt.date | None = None) -> World:
    """Create the people and rows every page in the inventory needs (idempotent content)."""
    from catalog.models import Brand, Concern, Ingredient, Product
    from guide.models import Article, FaqEntry, GlossaryTerm, SearchSynonym
    from routines.models import CheckIn, Routine, SkinLog, Step
    from tests.conftest import PASSWORD
    from tests.factories import EditorFactory, UserFactory

    ensure_shipped_content()
    today = today or timezone.localdate()
    owner = UserFactory(email="owner@example.com", username="owner@example.com", password=PASSWORD)
    newcomer = UserFactory(
        email="newcomer@example.com", username="newcomer@example.com", password=PASSWORD
    )
    editor = EditorFactory(
        email="editor@example.com", username="editor@example.com", password=PASSWORD
    )
    products = list(Product.objects.published().select_related("brand").order_by("slug"))
    start = today - dt.timedelta(days=40)
    evening = Routine.objects.create(user=owner, name="Evening repair", period=Routine.Period.PM)
    morning = Routine.objects.create(user=owner, name="Morning basics", period=Routine.Period.AM)
    empty = Routine.objects.create(user=owner, name="Weekend mask", period=Routine.Period.PM)
    steps = [
        Step.objects.create(
            routine=evening, position=0, custom_name="Gentle cleanser", kind="cleanser",
            start_date=start,
        ),
        Step.objects.create(
            routine=evening, position=1, product=products[0], kind="biologic", start_date=start,
        ),
        Step.objects.create(
            routine=evening, position=2, custom_name="Barrier cream", kind="moisturiser",
            start_date=start, schedule=Step.Schedule.EVERY_OTHER_DAY,
        ),
        Step.objects.create(
            routine=morning, position=0, custom_name="Daily sunscreen", kind="sunscreen",
            start_date=start, notes="Reapply at midday",
        ),
    ]  # fmt: skip
    for days_ago in range(1, 15):
        day = today - dt.timedelta(days=days_ago)
        for step in steps[:2]:
            status = CheckIn.Status.SKIPPED if days_ago == 3 else CheckIn.Status.DONE
            CheckIn.objects.create(user=owner, step=step, date=day, status=status)
        SkinLog.objects.create(
            user=owner, date=day, redness=days_ago % 4, dryness=(days_ago + 1) % 4,
            irritation=days_ago % 2, note="Slight tightness" if days_ago == 2 else "",
        )  # fmt: skip
    CheckIn.objects.create(user=owner, step=steps[0], date=today)
    patch_tests, procedure = _safety_rows(owner, products)
    shelf_item = _shelf_rows(owner, products, steps[1], today)
    photos = photo_world.make_photos(owner, today)
    return World(
        owner=owner,
        newcomer=newcomer,
        editor=editor,
        evening=evening,
        morning=morning,
        empty_routine=empty,
        step=steps[1],
        patch_tests=patch_tests,
        procedure=procedure,
        shelf_item=shelf_item,
        photos=photos,
        products=products,
        compare_slugs=[p.slug for p in products[:2]],
        admin_objects={
            ("catalog", "product"): products[0],
            ("catalog", "brand"): Brand.objects.order_by("pk").first(),
            ("catalog", "concern"): Concern.objects.order_by("pk").first(),
            ("catalog", "ingredient"): Ingredient.objects.order_by("pk").first(),
            ("guide", "article"): Article.objects.order_by("pk").first(),
            ("guide", "faqentry"): FaqEntry.objects.order_by("pk").first(),
            ("guide", "glossaryterm"): GlossaryTerm.objects.order_by("pk").first(),
            ("guide", "searchsynonym"): SearchSynonym.objects.order_by("pk").first(),
        },
    )


def _shelf_rows(owner, products, step, today):
    """A shelf item used in a routine step, and an avoided ingredient found in a product."""
    from decimal import Decimal

    from routines.models import AvoidedIngredient, ShelfItem

    item = ShelfItem.objects.create(
        user=owner, product=products[0], status=ShelfItem.Status.IN_USE, step=step,
        purchased_on=today - dt.timedelta(days=30), opened_on=today - dt.timedelta(days=20),
        pao_months=6, size_ml=Decimal("30"), price_paid=Decimal("150.00"),
    )  # fmt: skip
    ingredient = products[0].ingredients.order_by("pk").first()
    if ingredient is not None:
        AvoidedIngredient.objects.create(user=owner, ingredient=ingredient)
    return item


def _safety_rows(owner, products):
    """Patch tests in each state and a recent procedure (its recovery window is open)."""
    from routines.models import PatchTest, Procedure
    from routines.safety import services as safety_services

    now = timezone.now()
    hours = dt.timedelta(hours=1)
    tests = {}
    for key, product, started in (
        ("waiting", products[1], now - 2 * hours),
        ("ready", products[2], now - 50 * hours),
        ("mild", products[3], now - 60 * hours),
        ("reaction", None, now - 80 * hours),
    ):
        tests[key] = safety_services.start_patch_test(
            owner, product=product, product_name="" if product else "Rosehip face oil",
            site=PatchTest.Site.INNER_FOREARM, started_at=started,
        )  # fmt: skip
    safety_services.record_read(
        tests["mild"], result=PatchTest.Result.MILD, notes="Faint pink patch", now=now
    )
    safety_services.record_read(
        tests["reaction"], result=PatchTest.Result.REACTION, notes="", now=now
    )
    procedure = safety_services.save_procedure(
        Procedure(
            user=owner,
            kind=Procedure.Kind.MICRONEEDLING,
            date=timezone.localdate() - dt.timedelta(days=2),
            recovery_days=7,
            notes="Clinic visit",
        )
    )
    return tests, procedure


def _anonymous_pages(world: World) -> list[Page]:
    from catalog.models import Concern
    from guide.models import Article
    from routines.reminders.services import unsubscribe_token

    concern = Concern.objects.order_by("order", "pk").first()
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    uid = user_pk_to_url_str(world.owner)
    token = default_token_generator.make_token(world.owner)
    reset = reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": token})
    bad_reset = reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": "bad"})
    rows = [
        ("home", reverse("home")),
        ("guide index", reverse("guide:index")),
        ("guide FAQ", reverse("guide:faq")),
        ("guide glossary", reverse("guide:glossary")),
        ("about the guide", reverse("guide:about")),
        ("search form", reverse("search")),
        ("search results", reverse("search") + "?q=exosome"),
        ("search, no results", reverse("search") + "?q=zzqxv"),
        ("search, a typo answered by did you mean", reverse("search") + "?q=exosmoe"),
        ("search, a synonym", reverse("search") + "?q=retinol"),
        ("search, too short", reverse("search") + "?q=a"),
        ("catalog", reverse("catalog:list")),
        ("catalog filtered", reverse("catalog:list") + f"?concern={concern.slug}&sort=price"),
        ("catalog, no match", reverse("catalog:list") + "?exosomes=on&vegan=on&min_price=9999"),
        ("catalog, bad filters", reverse("catalog:list") + "?min_price=abc&concern=nope"),
        ("compare, empty", reverse("catalog:compare")),
        ("compare, two serums", world.compare_url),
        ("catalog, two to compare", reverse("catalog:list") + world.compare_query),
        ("catalog, four to compare", reverse("catalog:list") + "?p=" + ",".join(
            p.slug for p in world.products[:4])),
        ("find my fit", reverse("catalog:fit")),
        ("find my fit, result", reverse("catalog:fit") + "?goal=post_procedure"),
        ("find my fit, bad goal", reverse("catalog:fit") + "?goal=nonsense"),
        ("log in", reverse("account_login")),
        ("sign up", reverse("account_signup")),
        ("password reset", reverse("account_reset_password")),
        ("password reset sent", reverse("account_reset_password_done")),
        ("password reset, new password", reset),
        ("password reset, bad link", bad_reset),
        ("password reset complete", reverse("account_reset_password_from_key_done")),
        ("check your email", reverse("account_email_verification_sent")),
        ("confirm email, bad link", reverse("account_confirm_email", args=["bad-key"])),
        ("admin log in", reverse("admin:login")),
        ("unsubscribe", reverse("routines:unsubscribe", args=[unsubscribe_token(world.owner.pk)])),
    ]  # fmt: skip
    rows += [
        (f"article {a.slug}", a.get_absolute_url())
        for a in Article.objects.published().order_by("order", "pk")
    ]
    rows += [(f"product {p.slug}", p.get_absolute_url()) for p in world.products]
    return [Page(label, url, ANONYMOUS) for label, url in rows]


def _owner_pages(world: World) -> list[Page]:
    evening, empty = world.evening, world.empty_routine
    editor = reverse("routines:routine_detail", args=[evening.pk])
    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    past = timezone.localdate() - dt.timedelta(days=5)
    rows = [
        ("today", reverse("routines:today")),
        ("yesterday", reverse("routines:today") + "?day=yesterday"),
        ("a past day", reverse("routines:today") + f"?day={past:%Y-%m-%d}"),
        ("history", reverse("routines:history")),
        ("history, last month", reverse("routines:history") + f"?month={month}"),
        ("starters", reverse("routines:starters")),
        ("routine list", reverse("routines:routine_list")),
        ("new routine", reverse("routines:routine_create")),
        ("routine editor", editor),
        ("routine editor, search", editor + "?q=serum"),
        ("routine editor, no match", editor + "?q=zzqxv"),
        ("routine editor, no steps", reverse("routines:routine_detail", args=[empty.pk])),
        ("rename routine", reverse("routines:routine_edit", args=[evening.pk])),
        ("delete routine", reverse("routines:routine_delete", args=[evening.pk])),
        ("step schedule", reverse("routines:step_edit", args=[evening.pk, world.step.pk])),
        ("remove step", reverse("routines:step_remove", args=[evening.pk, world.step.pk])),
        ("account settings", reverse("accounts:settings")),
        ("password change", reverse("account_change_password")),
        ("email address", reverse("account_email")),
        ("two-factor", reverse("mfa_index")),
        ("authenticator app, set up", reverse("mfa_activate_totp")),
        ("add a passkey", reverse("mfa_add_webauthn")),
        ("passkeys", reverse("mfa_list_webauthn")),
        ("signed-in sessions", reverse("usersessions_list")),
        ("confirm it is you", reverse("account_reauthenticate")),
        ("log out, confirm", reverse("account_logout")),
        ("patch tests", reverse("routines:patch_tests")),
        *[
            (f"patch test, {key}", reverse("routines:patch_test", args=[test.pk]))
            for key, test in world.patch_tests.items()
        ],
        ("procedures", reverse("routines:procedures")),
        ("procedure edit", reverse("routines:procedure_edit", args=[world.procedure.pk])),
        ("notifications", reverse("routines:notifications")),
        ("reminder settings", reverse("routines:reminder_settings")),
        ("shelf", reverse("routines:shelf")),
        ("shelf add", reverse("routines:shelf_add")),
        ("shelf edit", reverse("routines:shelf_edit", args=[world.shelf_item.pk])),
        ("shelf delete", reverse("routines:shelf_delete", args=[world.shelf_item.pk])),
        ("avoid-list", reverse("routines:avoid")),
        ("printable summary", reverse("accounts:summary")),
        ("delete account", reverse("accounts:delete")),
        # Public pages look different when signed in (nav, compare list, product actions).
        ("home, signed in", reverse("home")),
        ("catalog, signed in", reverse("catalog:list")),
        ("product, signed in", world.products[0].get_absolute_url()),
        ("compare, two serums", world.compare_url),
        ("find my fit, signed in", reverse("catalog:fit") + "?goal=post_procedure"),
        ("guide, signed in", reverse("guide:index")),
    ]  # fmt: skip
    rows += photo_world.owner_pages(world.photos)
    return [Page(label, url, OWNER) for label, url in rows]


def _newcomer_pages(world: World) -> list[Page]:
    rows = [
        ("today, no routines", reverse("routines:today")),
        ("history, nothing yet", reverse("routines:history")),
        ("routine list, empty", reverse("routines:routine_list")),
        ("patch tests, none yet", reverse("routines:patch_tests")),
        ("procedures, none yet", reverse("routines:procedures")),
        ("notifications, none", reverse("routines:notifications")),
        ("shelf, empty", reverse("routines:shelf")),
        ("avoid-list, empty", reverse("routines:avoid")),
        ("printable summary, nothing yet", reverse("accounts:summary")),
        *photo_world.newcomer_pages(),
    ]
    return [Page(label, url, NEWCOMER) for label, url in rows]


def _editor_pages(world: World) -> list[Page]:
    rows = [("admin index", reverse("admin:index"))]
    for app, model in ADMIN_MODELS:
        obj = world.admin_objects[(app, model)]
        rows += [
            (f"admin {model} list", reverse(f"admin:{app}_{model}_changelist")),
            (f"admin {model} add", reverse(f"admin:{app}_{model}_add")),
            (f"admin {model} change", reverse(f"admin:{app}_{model}_change", args=[obj.pk])),
        ]
    rows.append(("admin product search", reverse("admin:catalog_product_changelist") + "?q=serum"))
    return [Page(label, url, EDITOR) for label, url in rows]


def pages(world: World) -> list[Page]:
    """Every HTML page a user can reach, with who reaches it."""
    return (
        _anonymous_pages(world)
        + _owner_pages(world)
        + _newcomer_pages(world)
        + _editor_pages(world)
    )


class FormError(NamedTuple):
    label: str
    url: str
    who: str
    data: dict


def form_errors(world: World) -> list[FormError]:
    """Forms posted with bad input: each page re-renders with messages beside the fields."""
    evening = world.evening
    rows = [
        ("sign up, errors", reverse("account_signup"), ANONYMOUS,
         {"email": "not-an-email", "password1": "short", "password2": "other"}),
        ("log in, errors", reverse("account_login"), ANONYMOUS,
         {"login": "owner@example.com", "password": "wrong"}),
        ("password reset, errors", reverse("account_reset_password"), ANONYMOUS,
         {"email": "not-an-email"}),
        ("new routine, errors", reverse("routines:routine_create"), OWNER,
         {"name": "", "period": "noon"}),
        ("rename routine, errors", reverse("routines:routine_edit", args=[evening.pk]), OWNER,
         {"name": "", "period": "am"}),
        ("add step, errors", reverse("routines:step_add", args=[evening.pk]), OWNER,
         {"custom_name": "", "kind": "nonsense", "start_date": "31/02/2026"}),
        ("step schedule, errors",
         reverse("routines:step_edit", args=[evening.pk, world.step.pk]), OWNER,
         {"kind": "biologic", "schedule": "every_n_days", "interval_days": "0",
          "start_date": "not a date"}),
        ("skin log, errors", reverse("routines:skin_log"), OWNER,
         {"day": timezone.localdate().isoformat(), "redness": "9", "note": "x" * 600}),
        ("settings, errors", reverse("accounts:settings"), OWNER,
         {"timezone": "Mars/Olympus", "reminder_hour": "99"}),
        ("password change, errors", reverse("account_change_password"), OWNER,
         {"oldpassword": "wrong", "password1": "a", "password2": "b"}),
    ]  # fmt: skip
    label, url, data = photo_world.form_error()
    rows.append((label, url, OWNER, data))
    return [FormError(*row) for row in rows]


def user_for(who: str, world: World):
    return {OWNER: world.owner, NEWCOMER: world.newcomer, EDITOR: world.editor}.get(who)


def client_for(who: str, world: World) -> Client:
    """A test client signed in as `who`, its session prepared as in prepare_session(); an
    anonymous one carries no cookie at all (public pages are served as to a first visit)."""
    client = Client()
    user = user_for(who, world)
    if user is not None:
        client.force_login(user)
        session = client.session
        prepare_session(session, who, world)
        session.save()
    return client


def prepare_session(session, who: str, world: World):
    """What a signed-in visitor's session holds before the tour (the compare basket is in
    the address now: world.compare_url)."""
    if who == OWNER:
        # Just re-authenticated: the pages behind allauth's re-authentication (delete account,
        # turning on two-factor) are toured themselves, not the password prompt.
        session["account_authentication_methods"] = [
            {"method": "password", "at": time.time(), "reauthenticated": True}
        ]
        session["account_authentication_methods_user"] = str(world.owner.pk)
