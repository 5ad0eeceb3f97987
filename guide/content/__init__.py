"""The guide's shipped text, and the loader that puts it in the database.

Article bodies are Markdown files in ``articles/<slug>.md``; their metadata, the FAQ and the
glossary are below. Everything is written in the project's own words from the facts of the
source article (see tests/guide/test_content.py for the originality and coverage checks).

To change shipped text: edit it here, bump ``CONTENT_VERSION``, and add a data migration
that calls ``load_guide_content``. Rows an editor has changed in the admin
(``edited_by_staff``) are never overwritten; see guide/models.py.
"""

import datetime
from pathlib import Path

from guide import search_index

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


FAQ = [
    (
        "live-stem-cells",
        "Is there anything alive in a stem cell serum?",
        "Hardly ever. The bottle holds things stem cell cultures produced (conditioned media, "
        "exosomes, growth factors or peptides), which are the messages those cells send, not "
        "donor cells that are still alive. "
        "[What the label really means](/guide/what-stem-cell-means/).",
    ),
    (
        "erase-wrinkles",
        "Can a stem cell serum get rid of my wrinkles?",
        "Not deep ones: no cream or serum can be relied on for that. They can help with "
        "fine lines, texture and hydration, and support collagen production over time. "
        "For a dramatic change to deep lines or lost volume, clinic treatments such as fillers, "
        "lasers or energy-based collagen stimulators are usually needed.",
    ),
    (
        "how-long-for-results",
        "How long before I see results?",
        "Better hydration and less redness can show up within days. Changes to texture, "
        "brightness and fine lines usually take four to twelve weeks, as the skin's "
        "scaffolding is remodelled. [The full timeline](/guide/results-timeline/).",
    ),
    (
        "human-growth-factors-safe",
        "Are human-derived growth factors safe?",
        "On the skin, and made with care, conditioned media and purified growth factors are "
        "generally regarded as safe. A reputable brand screens its donors and purifies and "
        "sterilises what it makes. Patch test anyway, and if you have an immune disorder or "
        "another medical condition, ask a doctor first. "
        "[Safety and sourcing](/guide/safety-and-sourcing/).",
    ),
    (
        "with-retinoids-and-acids",
        "Does a stem cell serum mix with a retinoid or an acid?",
        "Yes, as long as you keep irritation in check. Clinicians often suggest using them at "
        "different times: for example, the retinoid on some nights and the stem cell serum on "
        "the others, or the serum straight after a procedure. If your skin gets irritated, use "
        "them less often or move one to the morning and the other to the evening. "
        "[Pairing with other actives](/guide/how-to-use/#pairing-with-other-actives).",
    ),
    (
        "plant-extracts-effective",
        "Do plant stem cell extracts work?",
        "Not in the way human growth factors do. What plant extracts usually offer is "
        "antioxidant protection. That makes them a reasonable pick for vegans or for anyone "
        "after antioxidant support, as long as you accept that they talk to human skin in a "
        "different way from human-derived media.",
    ),
    (
        "storage",
        "How should I store these products?",
        "Do what the brand says. Some potent serums are better kept in the fridge or are "
        "shipped cold; others use stabilisers and airless packaging. Keep any of them away "
        "from long spells of heat and direct sunlight. "
        "[Storage tips](/guide/how-to-use/#storage).",
    ),
    (
        "who-benefits",
        "Who gets the most out of these serums?",
        "People recovering from clinic treatments, people with mature or thin skin who want "
        "it to be more resilient, and anyone looking for an extra alongside a proven "
        "anti-ageing routine. If your concerns are mild, an affordable peptide serum and a "
        "retinoid used consistently may give you much the same result.",
    ),
    (
        "worth-the-price",
        "Is a premium stem cell serum worth paying for?",
        "That depends on the job. To recover from a procedure, or to get more from clinic "
        "treatments, a well-made conditioned-media serum can earn its price. For everyday "
        "anti-ageing care, first see what a peptide serum plus proven actives does for you, "
        "before buying an expensive bottle again and again. "
        "[Cost and value](/guide/cost-and-value/).",
    ),
    (
        "regulated-like-drugs",
        "Are these products regulated like drugs?",
        "At the moment most of them are sold as cosmetics or cosmeceuticals. A product that "
        "promises to alter the skin's structure or function in a big way, for example to cure "
        "a disease or regrow tissue, may be treated by regulators as a drug or biologic, with "
        "much stricter oversight.",
    ),
    (
        "choosing-between-brands",
        "Which of the well-known serums should I pick?",
        "Start from what you need. SkinMedica is aimed at texture and collagen support, with "
        "a stable dual-chamber design. Neocutis focuses on growth factors for quick firming. "
        "Angela Caglia and Symbiome lean towards recovery and hydration. Kate Somerville is "
        "the plant-based choice. Eighth Day uses a peptide and growth-factor blend aimed at "
        "brightening. Then check the packaging, how open the brand is about ingredients, "
        "whether clinicians back it, and whether any clinical data has been published. "
        "[Compare them in the catalog](/catalog/).",
    ),
    (
        "sensitive-skin",
        "Can I use these serums if my skin is sensitive?",
        "Many people with sensitive skin get on well with them, especially formulas made for "
        "use after procedures that have a lot of conditioned media and few other actives. "
        "Still, patch test first and bring the serum in slowly.",
    ),
    (
        "future-developments",
        "What developments can we expect?",
        "More standard ways of measuring potency, better delivery for fragile molecules, "
        "bigger independent trials and clearer rules from regulators. Exosomes, and ways of "
        "delivering vesicles to the right place, are likely to see the most innovation. "
        "[Future directions](/guide/future-directions/).",
    ),
]


# (term, slug, definition, other spellings)
GLOSSARY = [
    (
        "AHA",
        "aha",
        "Alpha hydroxy acid, a family of exfoliating acids that includes glycolic acid. Use "
        "them at a different time from a stem cell serum, and never on freshly treated skin.",
        "AHAs, alpha hydroxy acid, glycolic acid",
    ),
    (
        "Cold chain",
        "cold-chain",
        "Keeping a product refrigerated from the maker to your door. Some fragile serums are "
        "shipped this way so their actives stay potent.",
        "cold-chain",
    ),
    (
        "Conditioned media",
        "conditioned-media",
        "The liquid that stem cells have been grown in, collected after the cells have "
        "released growth factors, cytokines, vesicles and other proteins into it. One of the "
        "main ingredients behind a “stem cell” label, with exosomes and growth factors.",
        "conditioned medium, conditioned-media",
    ),
    (
        "Cytokine",
        "cytokine",
        "A small protein that cells use to signal to each other, for example to calm or "
        "prolong inflammation.",
        "",
    ),
    (
        "Dual-chamber",
        "dual-chamber",
        "Packaging with two compartments that keeps fragile ingredients apart from the rest of "
        "the formula until you dispense it.",
        "dual chamber",
    ),
    (
        "Exosome",
        "exosome",
        "A tiny membrane-bound parcel released by a cell, carrying proteins, lipids and "
        "genetic material to other cells. One type of extracellular vesicle.",
        "extracellular vesicle",
    ),
    (
        "Extracellular matrix",
        "extracellular-matrix",
        "The scaffolding of collagen, elastin and other molecules between skin cells that "
        "gives skin its firmness and spring.",
        "",
    ),
    (
        "Fibroblast",
        "fibroblast",
        "A cell in the dermis that makes collagen, elastin and the rest of the skin's "
        "supporting scaffolding.",
        "",
    ),
    (
        "Fractional laser",
        "fractional-laser",
        "A clinic laser treatment that works on many tiny columns of skin at once, leaving "
        "untreated skin in between to speed healing. Recovery usually takes one to two weeks.",
        "fractional lasers",
    ),
    (
        "Growth factor",
        "growth-factor",
        "A protein that tells cells to grow, multiply or make more collagen. EGF and TGF-β "
        "are examples.",
        "",
    ),
    (
        "Hyaluronic acid",
        "hyaluronic-acid",
        "A moisture-holding molecule found naturally in skin, and a common hydrating "
        "companion in serums.",
        "",
    ),
    (
        "Keratinocyte",
        "keratinocyte",
        "The main cell type of the outer layer of skin (the epidermis).",
        "",
    ),
    (
        "Microneedling",
        "microneedling",
        "A clinic treatment that makes many tiny punctures in the skin to set off repair. "
        "Reparative serums are often used in the recovery window afterwards.",
        "",
    ),
    (
        "Niacinamide",
        "niacinamide",
        "A form of vitamin B3 used for hydration, barrier support and calming; a useful "
        "supporting ingredient.",
        "",
    ),
    (
        "Patch test",
        "patch-test",
        "Trying a small amount of a new product on the inner forearm or behind the ear and "
        "watching it for 48 to 72 hours before using it on your face.",
        "patch testing, patch-test",
    ),
    (
        "PDRN",
        "pdrn",
        "Short for polydeoxyribonucleotide, one of the newer actives appearing on shelves "
        "next to exosomes. This guide mentions it only in passing and does not assess it.",
        "",
    ),
    (
        "Peptide",
        "peptide",
        "A short chain of amino acids. In skincare, peptides are designed to trigger a "
        "particular response and often stand in for larger growth factors.",
        "",
    ),
    (
        "Retinoid",
        "retinoid",
        "A vitamin A derivative with decades of trial evidence against fine lines, "
        "pigmentation and collagen loss. The benchmark other anti-ageing actives are "
        "measured against.",
        "",
    ),
    (
        "Spicules",
        "spicules",
        "Microscopic needle-shaped particles sold as a newer active, named on shelves in the "
        "same breath as exosomes and PDRN. This guide mentions them only in passing and does "
        "not assess them.",
        "spicule",
    ),
    (
        "Barrier function",
        "barrier-function",
        "How well the outer layers of skin keep water in and irritants out. A weakened "
        "barrier, for example after a procedure, leaves skin dry and quick to react.",
        "skin barrier, barrier repair",
    ),
    (
        "Squalane",
        "squalane",
        "A light, stable oil that softens and moisturises the skin.",
        "",
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
