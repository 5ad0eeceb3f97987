"""Progress photos: one processed picture of the user's skin, by angle, on a local date.

The image itself is not in the database: ``image_name`` and ``thumb_name`` are random names
in the "photos" storage (config/media.py), read back only by the owner's view.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ProgressPhoto(models.Model):
    class Angle(models.TextChoices):
        FRONT = "front", "Front"
        LEFT = "left", "Left side"
        RIGHT = "right", "Right side"
        CLOSE_UP = "close_up", "Close-up of an area"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress_photos"
    )
    angle = models.CharField(max_length=10, choices=Angle.choices)
    taken_on = models.DateField("date taken", help_text="The user's local date.")
    note = models.CharField(max_length=200, blank=True)
    image_name = models.CharField(max_length=100, unique=True)
    thumb_name = models.CharField(max_length=100, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Bytes of both stored files together: what counts against the quota.
    stored_bytes = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(angle__in=["front", "left", "right", "close_up"]),
                name="progressphoto_angle_known",
            ),
        ]
        indexes = [
            # The gallery and compare pages: a user's photos of one angle in date order.
            models.Index(fields=["user", "angle", "taken_on"], name="photo_user_angle_date_idx"),
        ]

    def __str__(self):
        return f"{self.get_angle_display()} photo, {self.taken_on}"
