"""The guide's shipped text, and the loader that puts it in the database.

Article bodies are Markdown files in ``articles/<slug>.md``; their metadata is below, the
FAQ is in ``faq.py`` and the glossary in ``glossary.py``. Everything is written in the
project's own words from the facts of the source article (see tests/guide/test_content.py
for the originality and coverage checks).

To change shipped text: edit it here, bump ``CONTENT_VERSION``, and add a data migration
that calls ``load_guide_content``. Rows an editor has changed in the admin
(``edited_by_staff``) are never overwritten; see guide/models.py.
"""

import datetime
from pathlib import Path

from guide import search_index
from guide.content.faq import FAQ
from guide.content.glossary import GLOSSARY

CONTENT_VERSION = 2
# When the shipped text was last checked against the source article and rewritten
# (issue 17). Editors record their own reviews on each row in the admin.
CONTENT_REVIEWED = datetime.date(2026, 12, 1)
ARTICLE_DIR = Path(__file__).resolve().parent / "articles"

# The six example serums the source describes (catalog product slugs).
EXAMPLE_PRODUCTS = [
    "skinmedica-tns-advanced-plus-serum",
    "neocutis-bio-serum-firm",
    "angela-caglia-cell-forte-serum",
    "kate-somerville-kateceuticals-supercell",
    "eighth-day-regenerative-serum",
    "symbiome-the-answer-reparative-serum",
]

# (slug, title, summary, theme, related source types, related product slugs, related concerns)
ARTICLES = [
    (
        "what-stem-cell-means",
        "Reading “stem cell” on a serum label",
        "Almost no skincare product holds living stem cells. Here is what the bottle usually "
        "contains instead, sorted into five ingredient families.",
        "basics",
        [],
        [],
        [],
    ),
    (
        "how-it-works",
        "How the signals are meant to help skin repair",
        "Growth factors and vesicles talk to skin cells. What they ask those cells to do, and "
        "the three things that decide whether a serum can pass the message on.",
        "basics",
        [],
        [],
        [],
    ),
    (
        "ingredient-sources",
        "Where the ingredients come from, and the trade-offs",
        "Six sources, from human fibroblasts to plant cultures to exosomes: what each "
        "contributes, an example product for each, and what to weigh up.",
        "basics",
        ["fibroblast_cm", "adipose_cm", "cutaneous_lysate", "plant", "peptide_blend", "exosome"],
        [],
        [],
    ),
    (
        "evidence",
        "What the evidence shows, and where it runs out",
        "Lab results are encouraging and small trials look promising, but independent proof "
        "is far thinner than for retinoids. How to read the claims.",
        "evidence",
        [],
        [],
        [],
    ),
    (
        "safety-and-sourcing",
        "Safety, sourcing and regulation",
        "Biologically active ingredients deserve more scrutiny than ordinary cosmetics: donors, "
        "manufacturing, the rules, ethics, allergies and storage.",
        "evidence",
        ["fibroblast_cm", "adipose_cm", "cutaneous_lysate", "exosome"],
        [],
        [],
    ),
    (
        "who-should-be-careful",
        "Who should avoid these serums or take extra care",
        "Most healthy adults face little risk, but some people should speak to a clinician "
        "first. The groups to know about, and a cautious way to start.",
        "evidence",
        [],
        [],
        [],
    ),
    (
        "how-to-choose",
        "Choosing a serum: six questions to ask",
        "Source, stability, companions, evidence, price and purpose: six questions that cut "
        "through the label, with the example products mapped to them.",
        "choosing",
        [],
        EXAMPLE_PRODUCTS,
        [],
    ),
    (
        "cost-and-value",
        "Cost and value: when a premium serum earns its price",
        "Prices run from about $99 to over $300 for 30 ml. Why they cost so much, and which "
        "goals make the spend worthwhile.",
        "choosing",
        [],
        ["kate-somerville-kateceuticals-supercell"],
        ["post-procedure"],
    ),
    (
        "product-snapshots",
        "Six example serums and when each makes sense",
        "A quick tour of six well-known serums: what sets each apart and who it suits. The "
        "full details live in the catalog.",
        "choosing",
        [],
        EXAMPLE_PRODUCTS,
        [],
    ),
    (
        "alternatives",
        "Cheaper alternatives and smarter spending",
        "If the price stings, these options overlap with what a stem cell serum offers, and "
        "one simple habit makes a premium bottle go further.",
        "choosing",
        ["peptide_blend", "plant"],
        [],
        [],
    ),
    (
        "how-to-use",
        "How to use a stem cell serum",
        "Where it goes in your routine, morning or night, how often, what to pair it with, "
        "how to patch test, and how to use it after a procedure.",
        "using",
        [],
        [],
        ["post-procedure", "sensitive-skin"],
    ),
    (
        "routine-examples",
        "Three example routines",
        "Sample morning and evening routines for recovering after a procedure, for mature "
        "skin, and for sensitive skin.",
        "using",
        [],
        ["symbiome-the-answer-reparative-serum"],
        ["post-procedure", "mature-skin", "sensitive-skin"],
    ),
    (
        "results-timeline",
        "What to expect, and when",
        "Hydration and calm come first, firmness and fine lines take weeks, lasting "
        "resilience takes months. A realistic timeline.",
        "outlook",
        [],
        [],
        [],
    ),
    (
        "realistic-expectations",
        "Realistic expectations: where these serums fit",
        "Strong helpers for recovery and some signs of ageing, but not miracle cures. How to "
        "fit them around the proven basics.",
        "outlook",
        [],
        [],
        [],
    ),
    (
        "future-directions",
        "What comes next: research and future directions",
        "Bigger independent trials, standard potency measures, open sourcing and better "
        "delivery: what researchers are working towards.",
        "outlook",
        ["exosome"],
        [],
        [],
    ),
]


def article_body(slug: str) -> str:
    return (ARTICLE_DIR / f"{slug}.md").read_text(encoding="utf-8")


def article_rows() -> list[dict]:
    rows = []
    for position, (slug, title, summary, theme, sources, products, concerns) in enumerate(
        ARTICLES, start=1
    ):
        rows.append(
            {
                "slug": slug,
                "title": title,
                "summary": summary,
                "body": article_body(slug),
                "theme": theme,
                "order": position * 10,
                "related_source_types": sources,
                "related_product_slugs": ", ".join(products),
                "related_concern_slugs": ", ".join(concerns),
                "last_reviewed": CONTENT_REVIEWED,
            }
        )
    return rows


def faq_rows() -> list[dict]:
    return [
        {"slug": slug, "question": question, "answer": answer, "order": position * 10}
        for position, (slug, question, answer) in enumerate(FAQ, start=1)
    ]


def glossary_rows() -> list[dict]:
    return [
        {"term": term, "slug": slug, "definition": definition, "also_matches": also}
        for term, slug, definition, also in GLOSSARY
    ]


def _upsert(model, rows, version) -> dict:
    """Create missing rows; update rows staff never touched that hold older shipped text."""
    field_names = {field.name for field in model._meta.get_fields()}
    counts = {"created": 0, "updated": 0, "kept": 0}
    for row in rows:
        values = {key: value for key, value in row.items() if key in field_names}
        existing = model.objects.filter(slug=values["slug"]).first()
        if existing is None:
            model.objects.create(**values, content_version=version, is_published=True)
            counts["created"] += 1
        elif existing.edited_by_staff or existing.content_version >= version:
            counts["kept"] += 1
        else:
            for key, value in values.items():
                setattr(existing, key, value)
            existing.content_version = version
            existing.save()
            counts["updated"] += 1
    return counts


def load_guide_content(apps=None, schema_editor=None, version=CONTENT_VERSION) -> dict:
    """Idempotently load the shipped guide. Works with historical (migration) models too."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    counts = {
        "articles": _upsert(apps.get_model("guide", "Article"), article_rows(), version),
        "faq": _upsert(apps.get_model("guide", "FaqEntry"), faq_rows(), version),
        "glossary": _upsert(apps.get_model("guide", "GlossaryTerm"), glossary_rows(), version),
    }
    search_index.refresh_all(apps)
    return counts
