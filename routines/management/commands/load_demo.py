import datetime as dt
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from catalog.models import Product
from routines import schedule
from routines.models import CheckIn, Profile, Routine, SkinLog, Step

DEMO_EMAIL = "demo@cellwise.local"
DEMO_PASSWORD = "cellwise-demo"  # noqa: S105 - a published demo login, only ever created with DEBUG on


class Command(BaseCommand):
    help = "Create (or refresh) the demo user and their sample data. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo user is only created when DJANGO_DEBUG is on.")
        with transaction.atomic():
            user = self.ensure_demo_user()
            self.load_routines(user)
        self.stdout.write(
            self.style.SUCCESS(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD} (user id {user.pk})")
        )

    def ensure_demo_user(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_EMAIL, defaults={"email": DEMO_EMAIL}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Profile.objects.get_or_create(user=user, defaults={"timezone": "Europe/London"})
        return user

    DEMO_DAYS = 28

    def load_routines(self, user):
        """Two routines, four weeks of ticks and skin logs, ending yesterday (today is open)."""
        Routine.objects.filter(user=user).delete()
        SkinLog.objects.filter(user=user).delete()
        profile = Profile.for_user(user)
        today = schedule.local_today(profile.zone, timezone.now())
        start = today - dt.timedelta(days=self.DEMO_DAYS)
        serum = (
            Product.objects.published().filter(slug="symbiome-the-answer-reparative-serum").first()
        )

        morning = Routine.objects.create(user=user, name="Morning basics", period="am")
        evening = Routine.objects.create(user=user, name="Evening repair", period="pm")
        am_steps = [
            Step(custom_name="Gentle cleanser", kind="cleanser"),
            Step(custom_name="Vitamin C serum", kind="antioxidant"),
            Step(custom_name="Light moisturiser", kind="moisturiser"),
            Step(custom_name="Mineral sunscreen", kind="sunscreen"),
        ]
        pm_steps = [
            Step(custom_name="Gentle cleanser", kind="cleanser"),
            Step(
                product=serum,
                custom_name="" if serum else "Reparative stem-cell serum",
                kind="biologic",
                schedule="alternate",
                notes="On the nights without the retinoid.",
            ),
            Step(custom_name="Retinol cream", kind="retinoid", schedule="every_other_day"),
            Step(custom_name="Barrier moisturiser", kind="moisturiser"),
        ]
        for routine, steps in ((morning, am_steps), (evening, pm_steps)):
            for position, step in enumerate(steps):
                step.routine = routine
                step.position = position
                step.start_date = start
            Step.objects.bulk_create(steps)
        pm_steps[1].alternate_with = pm_steps[2]
        pm_steps[1].save(update_fields=["alternate_with"])

        rng = random.Random(20261125)  # the same demo every time
        checkins, logs = [], []
        all_steps = am_steps + pm_steps
        for day in schedule.days_between(start, today - dt.timedelta(days=1)):
            skip_evening = rng.random() < 0.12
            for step in all_steps:
                if not schedule.is_scheduled(step, day):
                    continue
                if step.routine_id == evening.pk and skip_evening:
                    continue
                status = "skipped" if rng.random() < 0.04 else "done"
                checkins.append(CheckIn(user=user, step=step, date=day, status=status))
            if rng.random() < 0.75:
                age = (day - start).days
                calm = age / self.DEMO_DAYS  # skin settles over the four weeks
                logs.append(
                    SkinLog(
                        user=user,
                        date=day,
                        redness=max(0, min(3, round(2 - 2 * calm + rng.uniform(-0.6, 0.6)))),
                        dryness=max(0, min(3, round(1.5 - calm + rng.uniform(-0.6, 0.6)))),
                        irritation=max(0, min(3, round(1 - calm + rng.uniform(-0.5, 0.5)))),
                    )
                )
        CheckIn.objects.bulk_create(checkins)
        SkinLog.objects.bulk_create(logs)
        # A clean run of the last few days so the streak shows something.
        for day in schedule.days_between(
            today - dt.timedelta(days=4), today - dt.timedelta(days=1)
        ):
            for step in all_steps:
                if schedule.is_scheduled(step, day):
                    CheckIn.objects.update_or_create(
                        step=step, date=day, defaults={"user": user, "status": "done"}
                    )
