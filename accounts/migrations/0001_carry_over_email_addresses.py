"""Record every existing account's address in allauth's EmailAddress table, unverified.

The old sign-up never checked that an address belonged to the person who typed it, so an
existing address proves nothing: marking them verified would keep sending reminders to
whoever's address was typed, the very leak issue 15 closes. Existing users keep signing in
as before; Today and the settings pages tell them that no email goes out until they follow
the confirmation link (one click from the settings page).
"""

from django.db import migrations


def carry_over(apps, schema_editor):
    User = apps.get_model("auth", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    # An address already recorded (or typed by an earlier account) stays with that account.
    seen = {email.lower() for email in EmailAddress.objects.values_list("email", flat=True)}
    rows = []
    for user_id, email in User.objects.exclude(email="").order_by("pk").values_list("pk", "email"):
        address = email.strip().lower()
        if user_id in have or address in seen:
            continue
        seen.add(address)
        rows.append(EmailAddress(user_id=user_id, email=address, primary=True, verified=False))
    EmailAddress.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("account", "0009_emailaddress_unique_primary_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
