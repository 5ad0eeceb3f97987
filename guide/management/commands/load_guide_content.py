from django.core.management.base import BaseCommand

from config.publicpages import public_content_changed
from guide.content import load_guide_content


class Command(BaseCommand):
    help = (
        "Load the shipped guide text (migrations already do this). Idempotent: creates missing "
        "articles, FAQ entries and glossary terms; never overwrites rows staff have edited."
    )

    def handle(self, *args, **options):
        loaded = load_guide_content()
        public_content_changed()  # cached guide pages are stale on every host
        for kind, counts in loaded.items():
            self.stdout.write(
                f"{kind}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['kept']} kept"
            )
