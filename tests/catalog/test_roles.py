from django.contrib.auth.models import Group, Permission

from catalog.roles import EDITOR_GROUP


def test_editor_group_can_edit_catalog_but_not_routines(db):
    group = Group.objects.get(name=EDITOR_GROUP)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("catalog", "change_product") in codenames
    assert ("catalog", "add_brand") in codenames
    assert not any(app == "routines" for app, _ in codenames)
    assert not any(app == "auth" for app, _ in codenames)
    assert Permission.objects.filter(content_type__app_label="routines").exists()
