"""Load the shipped guide text (articles, FAQ, glossary) on a fresh install or an upgrade.

The loader is idempotent and never overwrites rows an editor changed (see guide/models.py).
Reversing leaves the rows alone: removing content on a downgrade would lose staff edits.
"""

from django.db import migrations

from guide.content import load_guide_content


def load(apps, schema_editor):
    load_guide_content(apps, schema_editor, version=1)


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
