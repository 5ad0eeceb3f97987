"""Give the Catalog editor group every guide permission (articles, FAQ, glossary)."""

from django.db import migrations

from catalog.roles import grant_editor_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0002_load_shipped_content"),
        ("catalog", "0002_catalog_editor_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_editor_permissions, migrations.RunPython.noop)]
