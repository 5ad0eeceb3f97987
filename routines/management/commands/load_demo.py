from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from routines.models import Profile

DEMO_EMAIL = "demo@cellwise.local"
DEMO_PASSWORD = "cellwise-demo"  # noqa: S105 - a published demo login, only ever created with DEBUG on


class Command(BaseCommand):
    help = "Create (or refresh) the demo user and their sample data. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo user is only created when DJANGO_DEBUG is on.")
        with transaction.atomic():
            user = self.ensure_demo_user()
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
