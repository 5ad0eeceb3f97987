"""Every text a reader can see, gathered for the originality check (test_originality.py).

Each function yields (where, text) pairs:

* ``database_texts()`` — the guide's articles, FAQ and glossary, and the catalog's products,
  brands, concerns and ingredients as the data migrations load them;
* ``code_texts()`` — every string literal in the apps' Python (starters, advice, cautions,
  reminder emails, form labels and help, the seed data), the Markdown article files, and the
  templates' own text with the template tags taken out;
* ``page_texts(world)`` — every page of tests/quality/pages.py as a reader sees it, plus the
  answers of the fit helper and the catalog filters, and each reminder email as sent.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "catalog", "config", "guide", "routines")


def database_texts():
    from catalog.models import Brand, Concern, Ingredient, Product
    from guide.models import Article, FaqEntry, GlossaryTerm
    from guide.rendering import plain_text

    for article in Article.objects.all():
        yield (
            f"article {article.slug}",
            f"{article.title}\n{article.summary}\n{plain_text(article.body)}",
        )
    for entry in FaqEntry.objects.all():
        yield f"faq {entry.slug}", f"{entry.question}\n{plain_text(entry.answer)}"
    for term in GlossaryTerm.objects.all():
        yield f"glossary {term.slug}", f"{term.term}\n{term.definition}"
    for product in Product.objects.select_related("brand"):
        fields = [str(product), product.profile, product.why_consider]
        fields += [getattr(product, name, "") for name in ("best_for_note", "origin_basis")]
        yield f"product {product.slug}", "\n".join(str(f) for f in fields if f)
    for brand in Brand.objects.all():
        yield f"brand {brand.slug}", f"{brand.name}\n{brand.website_note}"
    for concern in Concern.objects.all():
        yield f"concern {concern.slug}", f"{concern.name}\n{concern.description}"
    for ingredient in Ingredient.objects.all():
        yield f"ingredient {ingredient.slug}", f"{ingredient.name}\n{ingredient.description}"


def _literal_strings(tree) -> list[str]:
    """String constants and the fixed parts of f-strings, in source order."""
    strings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else " … " for v in node.values]
            strings.append("".join(str(p) for p in parts))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node.value)
    return strings


TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)


def template_text(source: str) -> str:
    """A template's own words: tags, variables and comments replaced by a break."""
    return html_text(TEMPLATE_SYNTAX.sub(" … ", source))


def code_texts():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path == ROOT / "guide" / "originality.py":
                continue  # the checker's own list of exceptions: no reader sees it
            tree = ast.parse(path.read_text(encoding="utf-8"))
            # Each literal on its own: joining them would invent runs that no reader sees.
            for index, text in enumerate(_literal_strings(tree)):
                yield f"{path.relative_to(ROOT)} #{index}", text
        for path in sorted((ROOT / app).rglob("*.md")):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt"):
            yield str(path.relative_to(ROOT)), template_text(path.read_text(encoding="utf-8"))


class _TextParser(HTMLParser):
    SKIP = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        # Words a reader meets outside the text: labels, alt text, titles, placeholders.
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder", "content") and value:
                self.parts.append(f" {value} ")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    return "".join(parser.parts)


def extra_reader_urls() -> list[str]:
    """Answers the page inventory does not list: every fit goal and budget, price filters."""
    from django.urls import reverse

    from catalog.fit import Goal
    from catalog.forms import FitForm

    fit = reverse("catalog:fit")
    urls = [
        f"{fit}?goal={goal.value}&budget={budget}&fridge_ok={fridge}"
        for goal in Goal
        for budget, _ in FitForm.BUDGETS
        for fridge in ("yes", "no")
    ]
    catalog = reverse("catalog:list")
    urls += [
        f"{catalog}?max_price=150",
        f"{catalog}?min_price=50&sort=price",
        f"{catalog}?sort=price_per_ml",
        f"{catalog}?sort=score",
        f"{catalog}?origin=human",
        f"{catalog}?origin=unknown",
    ]
    return urls


def page_texts(world, outbox):
    """Each page of the inventory as its reader sees it, then each reminder email."""
    from routines.models import Reminder
    from routines.reminders.sender import send_email
    from tests.quality.pages import ANONYMOUS, client_for, pages

    clients = {}
    for page in pages(world):
        client = clients.setdefault(page.who, client_for(page.who, world))
        response = client.get(page.url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            yield f"page {page.url} ({page.who})", html_text(response.content.decode())
    anonymous = clients.setdefault(ANONYMOUS, client_for(ANONYMOUS, world))
    for url in extra_reader_urls():
        response = anonymous.get(url)
        yield f"page {url}", html_text(response.content.decode())
    for reminder in Reminder.objects.select_related("user__profile"):
        send_email(reminder, to=reminder.user.email)
    for message in outbox:
        yield f"email “{message.subject}”", f"{message.subject}\n{message.body}"
        for html, _ in message.alternatives:
            yield f"email “{message.subject}” (HTML)", html_text(html)
