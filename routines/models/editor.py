"""A signed-in user's own data: settings, routines, steps, check-ins and skin logs.

Everything here is private to its owner. Views fetch rows through the owner
(`get_object_or_404(Routine, pk=pk, user=request.user)`), never by id alone.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


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
        # "Evening repair (PM)": the period's label ("Evening (PM)") would nest brackets.
        return f"{self.name} ({self.period.upper()})"


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
