from django.core.management.base import BaseCommand

from guide.content import load_guide_content


class Command(BaseCommand):
    help = (
        "Load the shipped guide text (migrations already do this). Idempotent: creates missing "
        "articles, FAQ entries and glossary terms; never overwrites rows staff have edited."
    )

    def handle(self, *args, **options):
        for kind, counts in load_guide_content().items():
            self.stdout.write(
                f"{kind}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['kept']} kept"
            )
