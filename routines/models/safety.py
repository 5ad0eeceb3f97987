"""Patch tests and procedures.

Rules live in routines/safety/rules.py; workflows in routines/safety/services.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


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
        AVOID = "avoid", "I will not use it on my face"
        USE = "use", "A clinician has told me I can use it"

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


class PatchRead(models.Model):
    """One look at a patch test's patch, recorded on its own: the 48-hour read, the 72-hour
    read, or a late reaction after a pass (rules in routines/dayplan/holds.py)."""

    test = models.ForeignKey(PatchTest, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField()
    result = models.CharField(max_length=10, choices=PatchTest.Result.choices)
    notes = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["read_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=["none", "mild", "reaction"]),
                name="patchread_result_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_result_display()} at {self.read_at:%Y-%m-%d %H:%M}"


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
