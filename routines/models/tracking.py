"""Check-ins (a step done or skipped on a day) and daily skin logs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from routines.models.editor import Step


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
    # Optimistic concurrency: the form carries the revision it was loaded at (0: none yet).
    revision = models.PositiveIntegerField(default=1)

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
