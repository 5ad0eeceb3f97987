"""Shelf items: the bottles a user owns (issue 7)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from routines.models.editor import ProductOrNamed, Step


class ShelfItem(ProductOrNamed, models.Model):  # noqa: DJ008 (__str__ from ProductOrNamed)
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
