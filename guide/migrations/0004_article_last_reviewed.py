"""Articles record when an editor last reviewed them; ships the rewritten guide (version 2).

The text was rewritten for issue 17 (nothing invented, nothing close to the source's
wording). The loader updates only rows no editor has touched; rows it loads are stamped
with the review date of the shipped text. Rows an editor changed keep no date until an
editor records one.
"""

from django.db import migrations, models

from guide.content import CONTENT_REVIEWED, load_guide_content


def load(apps, schema_editor):
    load_guide_content(apps, schema_editor, version=2)
    # A fresh install loaded today's text in 0002, before this field existed.
    apps.get_model("guide", "Article").objects.filter(
        last_reviewed__isnull=True, edited_by_staff=False, content_version__gte=1
    ).update(last_reviewed=CONTENT_REVIEWED)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0003_editor_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="last_reviewed",
            field=models.DateField(
                blank=True,
                help_text="The day an editor last checked this article against its sources. Shown to readers; change it only when you have actually reviewed the text.",
                null=True,
                verbose_name="last reviewed",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
