"""The "Catalog editor" staff role: edits catalog and guide content, never users' data."""

from django.contrib.auth.management import create_permissions

EDITOR_GROUP = "Catalog editor"
# Apps whose every model an editor may add, change, delete and view.
EDITOR_APPS = ("catalog", "guide")


def grant_editor_permissions(apps, schema_editor=None):
    """Create the editor group (idempotent) and give it every permission of EDITOR_APPS.

    Called from data migrations, so it uses the historical models in `apps`. Permissions
    are normally created after migrate finishes; we create them now so the group gets them
    on a fresh database too.
    """
    for app_config in apps.get_app_configs():
        if app_config.label in EDITOR_APPS:
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))
