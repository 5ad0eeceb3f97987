"""A signed-in user's own data: settings, routines, steps, check-ins and skin logs.

Everything here is private to its owner. Views fetch rows through the owner
(`get_object_or_404(Routine, pk=pk, user=request.user)`), never by id alone.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


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
    # Soft delete: a deleted routine leaves Today and the editor at once and can be restored
    # for a while (routines.editor.services.ROUTINE_RESTORE_DAYS); its days stay in History
    # and in the export.
    deleted_at = models.DateTimeField(null=True, blank=True)

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
    # Removing a step ends it from this local day on; it stays in History and the export,
    # and undo clears it.
    ended_on = models.DateField("removed on", null=True, blank=True)
    # Optimistic concurrency: the edit form carries the revision it was loaded at.
    revision = models.PositiveIntegerField(default=1)

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


class StepVersion(models.Model):
    """How a step was scheduled before a change, on its local days [valid_from, valid_to).

    History is a record: the day plan reads the version that applied on the day it draws,
    so a schedule changed today does not rewrite earlier days.
    """

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField()
    valid_to = models.DateField(help_text="The first day the next version applied.")
    kind = models.CharField("step kind", max_length=20, choices=Step.Kind.choices)
    schedule = models.CharField(max_length=20, choices=Step.Schedule.choices)
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    weekdays = models.CharField(max_length=7, blank=True)
    alternate_with = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step", "valid_to"]
        constraints = [
            # Also the index the day plan's prefetch of a user's versions uses.
            models.UniqueConstraint(fields=["step", "valid_to"], name="stepversion_one_per_day"),
            models.CheckConstraint(
                condition=Q(valid_to__gt=F("valid_from")), name="stepversion_not_empty"
            ),
        ]

    def __str__(self):
        return f"Step {self.step_id} as it was until {self.valid_to}"
