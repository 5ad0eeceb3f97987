"""createsuperuser, by email: the account it makes signs in to the site and to the admin.

Django's own command asks for a username, and nothing else on the site knows usernames:
everyone signs in by email through allauth. This asks for the email address only, stores it
as the username too (as sign-up does), and records it in allauth as verified (the operator
typed it), so the account can sign in at /accounts/login/ and /admin/ alike.
"""

import os

from allauth.account.models import EmailAddress
from django.contrib.auth.management.commands import createsuperuser
from django.core import exceptions
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    help = "Create a superuser who signs in by email address (site and admin)."

    def handle(self, *args, **options):
        username_field = self.UserModel.USERNAME_FIELD
        email = options.get("email") or os.environ.get("DJANGO_SUPERUSER_EMAIL")
        if not email and not options.get(username_field) and options["interactive"]:
            email = self._ask_email()
        if not email:
            raise CommandError("An email address is required (--email or DJANGO_SUPERUSER_EMAIL).")
        email = self._clean_email(email)
        taken = EmailAddress.objects.filter(email__iexact=email).exists()
        if taken or self.UserModel._default_manager.filter(email__iexact=email).exists():
            raise CommandError(
                f"An account already uses {email}. Make that account staff in the admin "
                "instead (Users → the account → Staff status / Superuser status)."
            )
        options["email"] = email
        options[username_field] = options.get(username_field) or email
        super().handle(*args, **options)
        user = self.UserModel._default_manager.db_manager(options["database"]).get(
            **{username_field: options[username_field]}
        )
        EmailAddress.objects.using(options["database"]).create(
            user=user, email=email, primary=True, verified=True
        )

    def _clean_email(self, value: str) -> str:
        field = self.UserModel._meta.get_field("email")
        if not value.strip():
            raise CommandError("The email address cannot be blank.")
        try:
            return field.clean(value.strip(), None).lower()
        except exceptions.ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None

    def _ask_email(self) -> str:
        field = self.UserModel._meta.get_field("email")
        while True:
            value = self.get_input_data(field, "Email address: ")
            try:
                return self._clean_email(value or "")
            except CommandError as error:
                self.stderr.write(f"Error: {error}")
