"""A signed-in user's own data: settings, routines, steps, check-ins and skin logs.

Everything here is private to its owner. Views fetch rows through the owner
(`get_object_or_404(Routine, pk=pk, user=request.user)`), never by id alone.
"""

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from routines import schedule


def validate_timezone(value: str) -> None:
    """Accept only IANA zone names this machine knows (e.g. Europe/London)."""
    if value not in available_timezones():
        raise ValidationError(
            "“%(value)s” is not a time zone name we recognise. Use a name like Europe/London.",
            params={"value": value},
        )


_ZONES: frozenset[str] | None = None


def available_timezones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(zoneinfo.available_timezones())
    return _ZONES


class Profile(models.Model):
    """Per-user settings: time zone and reminder preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    timezone = models.CharField(
        "time zone", max_length=64, default="UTC", validators=[validate_timezone]
    )
    wants_email_reminders = models.BooleanField("send me reminder emails", default=True)
    reminder_hour = models.PositiveSmallIntegerField(
        "preferred hour for reminders",
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text="Local hour (0–23) at which reminders that can wait are sent.",
    )
    # Safety area: a private calendar feed and opt-in routine nudges (local wall times).
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    am_nudge_at = models.TimeField("morning routine nudge", null=True, blank=True)
    pm_nudge_at = models.TimeField("evening routine nudge", null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_hour__gte=0, reminder_hour__lte=23),
                name="profile_reminder_hour_0_23",
            )
        ]

    def __str__(self):
        return f"Settings for user {self.user_id}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        """The user's own calendar date at `now` (default: this moment)."""
        return schedule.local_today(self.zone, now or timezone.now())

    @classmethod
    def for_user(cls, user) -> "Profile":
        profile, _ = cls.objects.get_or_create(user=user)
        return profile


class ProductOrNamed:
    """Rows that hold either a catalog product or a product the user named themselves."""

    @property
    def name(self) -> str:
        if self.product_id:
            return str(self.product)
        return self.custom_name

    def __str__(self):
        return self.name


class Routine(models.Model):
    class Period(models.TextChoices):
        AM = "am", "Morning (AM)"
        PM = "pm", "Evening (PM)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routines"
    )
    name = models.CharField(max_length=80)
    period = models.CharField(max_length=2, choices=Period.choices)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "name"]
        indexes = [
            # Today and the routine list: a user's active routines.
            models.Index(fields=["user", "is_active"], name="routine_user_active_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_period_display()})"


class Step(ProductOrNamed, models.Model):
    class Kind(models.TextChoices):
        CLEANSER = "cleanser", "Cleanser"
        BIOLOGIC = "biologic", "Biologic serum (stem-cell, growth-factor, exosome)"
        HYDRATING = "hydrating", "Hydrating serum"
        ANTIOXIDANT = "antioxidant", "Antioxidant / vitamin C"
        RETINOID = "retinoid", "Retinoid"
        EXFOLIANT = "exfoliant", "Exfoliant / acid"
        MOISTURISER = "moisturiser", "Moisturiser"
        OCCLUSIVE = "occlusive", "Occlusive / oil"
        SUNSCREEN = "sunscreen", "Sunscreen"
        OTHER = "other", "Other"

    class Schedule(models.TextChoices):
        DAILY = "daily", "Every day"
        EVERY_OTHER_DAY = "every_other_day", "Every other day"
        EVERY_N_DAYS = "every_n_days", "Every N days"
        WEEKDAYS = "weekdays", "On chosen weekdays"
        ALTERNATE = "alternate", "Alternate nights with another step"

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    custom_name = models.CharField("product name", max_length=120, blank=True)
    kind = models.CharField("step kind", max_length=20, choices=Kind.choices)
    schedule = models.CharField(max_length=20, choices=Schedule.choices, default=Schedule.DAILY)
    interval_days = models.PositiveSmallIntegerField(
        "every N days",
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
    )
    # Weekdays as digits, Monday=0 … Sunday=6, e.g. "024" for Mon/Wed/Fri.
    weekdays = models.CharField(max_length=7, blank=True)
    alternate_with = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField(help_text="The day you began using this product.")
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["routine", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(product__isnull=False) | ~Q(custom_name=""),
                name="step_has_product_or_name",
            ),
            models.CheckConstraint(
                condition=~Q(schedule="every_n_days") | Q(interval_days__gte=2),
                name="step_every_n_days_has_interval",
            ),
            models.CheckConstraint(
                condition=~Q(schedule="weekdays") | ~Q(weekdays=""),
                name="step_weekdays_not_empty",
            ),
        ]


class CheckIn(models.Model):
    """One step done (or skipped) on one of the user's local days."""

    class Status(models.TextChoices):
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="checkins")
    date = models.DateField(help_text="The user's local date.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step", "date"], name="checkin_one_per_step_per_day"),
        ]
        indexes = [
            # Today, streak and History: a user's check-ins over a date range.
            models.Index(fields=["user", "date"], name="checkin_user_date_idx"),
        ]

    def __str__(self):
        return f"{self.step_id} {self.status} on {self.date}"


class SkinLog(models.Model):
    """How the skin felt on one local day, 0 (none) to 3 (strong)."""

    SCALE = [(0, "None"), (1, "Mild"), (2, "Moderate"), (3, "Strong")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skin_logs"
    )
    date = models.DateField()
    redness = models.PositiveSmallIntegerField(choices=SCALE, default=0)
    dryness = models.PositiveSmallIntegerField(choices=SCALE, default=0)
    irritation = models.PositiveSmallIntegerField(choices=SCALE, default=0)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="skinlog_one_per_user_per_day"),
            models.CheckConstraint(
                condition=Q(redness__lte=3, dryness__lte=3, irritation__lte=3),
                name="skinlog_scores_0_3",
            ),
        ]

    def __str__(self):
        return f"Skin log {self.date}"


# --- Shelf and avoid-list (issue 7) -----------------------------------------------------------


class ShelfItem(ProductOrNamed, models.Model):
    """A product the user owns: dates, size, price paid and storage; expiry is computed."""

    class Status(models.TextChoices):
        UNOPENED = "unopened", "Unopened"
        IN_USE = "in_use", "In use"
        FINISHED = "finished", "Finished"
        DISCARDED = "discarded", "Discarded"

    # Items that no longer cost anything or expire.
    CLOSED_STATUSES = frozenset({Status.FINISHED, Status.DISCARDED})

    class Storage(models.TextChoices):
        ROOM = "room", "Room temperature"
        FRIDGE = "fridge", "Fridge"

    PAO_MIN, PAO_MAX = 1, 60

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shelf_items"
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Pick it from the catalog, or leave empty and type its name below.",
    )
    custom_name = models.CharField(
        "product name",
        max_length=120,
        blank=True,
        help_text="Only for products that are not in the catalog.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNOPENED)
    purchased_on = models.DateField("bought on", null=True, blank=True)
    opened_on = models.DateField("opened on", null=True, blank=True)
    activated_on = models.DateField(
        "activated on",
        null=True,
        blank=True,
        help_text="Dual-chamber products only: the day you mixed the two chambers.",
    )
    pao_months = models.PositiveSmallIntegerField(
        "period after opening (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(PAO_MIN), MaxValueValidator(PAO_MAX)],
        help_text="The number beside the open-jar symbol on the pack, e.g. 6 for “6M”.",
    )
    printed_expiry = models.DateField(
        "printed expiry date",
        null=True,
        blank=True,
        help_text="The use-by date printed on the pack, if there is one.",
    )
    size_ml = models.DecimalField(
        "size (ml)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    price_paid = models.DecimalField(
        "price paid",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="What you paid for this one. Leave empty if you would rather not say.",
    )
    currency = models.CharField(max_length=3, default="USD")
    storage = models.CharField(max_length=10, choices=Storage.choices, default=Storage.ROOM)
    step = models.ForeignKey(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shelf_items",
        verbose_name="used in routine step",
        help_text="The routine step this bottle is used for; its schedule sets the cost.",
    )
    amount_per_use_ml = models.DecimalField(
        "amount per use (ml)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("20"))],
        help_text="Leave empty to use a rough default for the step kind.",
    )
    notes = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(product__isnull=False) | ~Q(custom_name=""),
                name="shelfitem_has_product_or_name",
            ),
            models.CheckConstraint(
                condition=Q(pao_months__isnull=True) | Q(pao_months__gte=1, pao_months__lte=60),
                name="shelfitem_pao_1_60",
            ),
            models.CheckConstraint(
                condition=Q(price_paid__isnull=True) | Q(price_paid__gte=0),
                name="shelfitem_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(size_ml__isnull=True) | Q(size_ml__gt=0),
                name="shelfitem_size_positive",
            ),
            models.CheckConstraint(
                condition=Q(amount_per_use_ml__isnull=True) | Q(amount_per_use_ml__gt=0),
                name="shelfitem_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(opened_on__isnull=True)
                | Q(purchased_on__isnull=True)
                | Q(opened_on__gte=F("purchased_on")),
                name="shelfitem_opened_after_purchase",
            ),
        ]
        indexes = [
            # Shelf page and expiry reminders: a user's items by status.
            models.Index(fields=["user", "status"], name="shelfitem_user_status_idx"),
        ]

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class AvoidedIngredientQuerySet(models.QuerySet):
    def flags_for(self, user, products) -> dict[int, list[str]]:
        """{product_id: [avoided ingredient names]} for these products, in one query."""
        from routines.avoid import group_flags

        product_ids = [p if isinstance(p, int) else p.pk for p in products]
        if not product_ids or not getattr(user, "is_authenticated", False):
            return {}
        from catalog.models import Product

        through = Product.ingredients.through
        rows = (
            through.objects.filter(
                product_id__in=product_ids,
                ingredient__avoided_by__user=user,
            )
            .values_list("product_id", "ingredient__name")
            .order_by("ingredient__name")
        )
        return group_flags(rows)


class AvoidedIngredient(models.Model):
    """A catalog ingredient the user reacts to or wants to avoid."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avoided_ingredients"
    )
    ingredient = models.ForeignKey(
        "catalog.Ingredient", on_delete=models.CASCADE, related_name="avoided_by"
    )
    reason = models.CharField(
        max_length=200, blank=True, help_text="Optional: what happened, for your own notes."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AvoidedIngredientQuerySet.as_manager()

    class Meta:
        ordering = ["ingredient__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "ingredient"], name="avoidedingredient_once_per_user"
            ),
        ]

    def __str__(self):
        return f"Avoid {self.ingredient_id} (user {self.user_id})"


# ---------------------------------------------------------------- safety: patch tests,
# procedures and reminders. Rules live in routines/safety.py; workflows in
# routines/safety_services.py.


class PatchTest(models.Model):
    """One patch test of one product on a small patch of skin, read 48–72 h later."""

    class Site(models.TextChoices):
        INNER_FOREARM = "inner_forearm", "Inner forearm"
        BEHIND_EAR = "behind_ear", "Behind the ear"
        OTHER = "other", "Somewhere else"

    class Result(models.TextChoices):
        NONE = "none", "No reaction"
        MILD = "mild", "Mild redness or itch"
        REACTION = "reaction", "Reaction"

    class MildDecision(models.TextChoices):
        USE = "use", "Use it, and watch my skin closely"
        AVOID = "avoid", "Do not use it"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patch_tests"
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept even with a catalog product so the history reads right if staff rename it.
    product_name = models.CharField("product name", max_length=160)
    site = models.CharField(max_length=20, choices=Site.choices, default=Site.INNER_FOREARM)
    started_at = models.DateTimeField("started")
    result = models.CharField(max_length=10, choices=Result.choices, blank=True)
    result_at = models.DateTimeField(null=True, blank=True)
    early_read = models.BooleanField(default=False)
    mild_decision = models.CharField(max_length=10, choices=MildDecision.choices, blank=True)
    overridden_at = models.DateTimeField(
        null=True, blank=True, help_text="When the user confirmed using it before a result."
    )
    abandoned_at = models.DateTimeField(null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=["", "none", "mild", "reaction"]),
                name="patchtest_result_valid",
            ),
            models.CheckConstraint(
                condition=Q(mild_decision="") | Q(result="mild"),
                name="patchtest_decision_only_when_mild",
            ),
            models.CheckConstraint(
                condition=Q(result="") | Q(result_at__isnull=False),
                name="patchtest_result_has_time",
            ),
        ]
        indexes = [
            # Gating: a user's tests, newest first.
            models.Index(fields=["user", "-started_at"], name="patchtest_user_started_idx"),
        ]

    def __str__(self):
        return f"Patch test of {self.product_name} from {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return not self.result and self.abandoned_at is None


class Procedure(models.Model):
    """An in-clinic procedure that opens a recovery window."""

    class Kind(models.TextChoices):
        MICRONEEDLING = "microneedling", "Microneedling"
        FRACTIONAL_LASER = "fractional_laser", "Fractional laser"
        CHEMICAL_PEEL = "chemical_peel", "Chemical peel"
        OTHER = "other", "Other procedure"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="procedures"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField(help_text="The day of the procedure, in your time zone.")
    recovery_days = models.PositiveSmallIntegerField(
        "recovery length (days)",
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    notes = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recovery_days__gte=1, recovery_days__lte=28),
                name="procedure_recovery_1_28",
            ),
        ]
        indexes = [
            # Recovery windows: a user's procedures by date.
            models.Index(fields=["user", "date"], name="procedure_user_date_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date}"


class ReminderQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at=None)

    def visible(self, now):
        """What the in-app list shows: due, not dismissed."""
        return self.filter(due_at__lte=now, dismissed_at=None)

    def unread(self, now):
        return self.visible(now).filter(read_at=None)


class Reminder(models.Model):
    """One thing to tell one user at one moment, in the app, by email, or both.

    Exactly one of patch_test / procedure / step is set, by kind (ROUTINE_NUDGE sets
    none and uses `period`). They cascade, so a reminder never outlives its subject.
    """

    class Kind(models.TextChoices):
        PATCH_TEST_READ = "patch_read", "Patch test ready to read"
        PATCH_TEST_LAST_CALL = "patch_last_call", "Patch test: last call"
        RECOVERY_ENDS = "recovery_ends", "Recovery window ends"
        STEP_RESUMES = "step_resumes", "Step resumes after recovery"
        ROUTINE_NUDGE = "routine_nudge", "Routine nudge"
        SHELF_EXPIRES_SOON = "shelf_expiry_soon", "Shelf product expires in two weeks"
        SHELF_EXPIRES = "shelf_expiry", "Shelf product expires today"
        SHELF_REORDER = "shelf_reorder", "Shelf product runs out soon"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField()
    patch_test = models.ForeignKey(
        PatchTest, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.CharField(max_length=2, choices=Routine.Period.choices, blank=True)
    shelf_item = models.ForeignKey(
        "ShelfItem", on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-due_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["patch_read", "patch_last_call"], patch_test__isnull=False)
                    | Q(kind="recovery_ends", procedure__isnull=False)
                    | Q(kind="step_resumes", step__isnull=False, procedure__isnull=False)
                    | (Q(kind="routine_nudge") & ~Q(period=""))
                    | Q(
                        kind__in=["shelf_expiry_soon", "shelf_expiry", "shelf_reorder"],
                        shelf_item__isnull=False,
                    )
                ),
                name="reminder_subject_matches_kind",
            ),
        ]
        indexes = [
            # send_reminders: due and unsent rows, oldest first.
            models.Index(
                fields=["due_at"], name="reminder_unsent_due_idx", condition=Q(sent_at=None)
            ),
            # Header badge and notifications list: a user's due, undismissed reminders.
            models.Index(
                fields=["user", "due_at"],
                name="reminder_user_visible_idx",
                condition=Q(dismissed_at=None),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for user {self.user_id} at {self.due_at:%Y-%m-%d %H:%M}"


# Progress photos (issue 19); moves to routines/models/photos.py with the layout split.
from routines.photos.models import ProgressPhoto  # noqa: E402, F401
