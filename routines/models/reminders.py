"""Reminders: one row per email/notification due (routines/reminders/)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from routines.models.editor import Routine, Step
from routines.models.safety import PatchTest, Procedure


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
