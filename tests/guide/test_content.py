"""The shipped guide: coverage of every source topic, originality, anchors, safe upgrades."""

import pytest
from django.contrib.auth.models import Group

from catalog.models import Product
from catalog.roles import EDITOR_GROUP
from guide import content
from guide.models import Article, FaqEntry, GlossaryTerm

# Every topic the source covers, and the published article or FAQ entry that covers it.
TOPIC_ARTICLES = {
    "what 'stem cell' means and the five ingredient families": "what-stem-cell-means",
    "how the signals drive repair and what limits them": "how-it-works",
    "the sources and their trade-offs": "ingredient-sources",
    "evidence and its limits": "evidence",
    "safety, sourcing, donor screening, regulation, ethics, allergy, storage": (
        "safety-and-sourcing"
    ),
    "how to choose (six criteria)": "how-to-choose",
    "how to use": "how-to-use",
    "cost and value": "cost-and-value",
    "product snapshots": "product-snapshots",
    "results timeline": "results-timeline",
    "who should avoid or be careful": "who-should-be-careful",
    "future directions": "future-directions",
    "three example routines": "routine-examples",
    "cheaper alternatives": "alternatives",
    "realistic expectations": "realistic-expectations",
}
# Every question the source's FAQ answers.
TOPIC_FAQ = [
    "live-stem-cells",
    "erase-wrinkles",
    "how-long-for-results",
    "human-growth-factors-safe",
    "with-retinoids-and-acids",
    "plant-extracts-effective",
    "storage",
    "who-benefits",
    "worth-the-price",
    "regulated-like-drugs",
    "choosing-between-brands",
    "sensitive-skin",
    "future-developments",
]


@pytest.mark.django_db
@pytest.mark.parametrize("topic", sorted(TOPIC_ARTICLES))
def test_every_source_topic_has_a_published_article(topic):
    article = Article.objects.published().get(slug=TOPIC_ARTICLES[topic])
    assert len(article.body.split()) > 120


@pytest.mark.django_db
def test_every_source_question_has_a_published_faq_entry():
    published = set(FaqEntry.objects.published().values_list("slug", flat=True))
    assert set(TOPIC_FAQ) <= published


@pytest.mark.django_db
def test_glossary_has_the_terms_the_issue_names():
    names = {t.lower() for t in GlossaryTerm.objects.published().values_list("term", flat=True)}
    for wanted in (
        "conditioned media", "exosome", "growth factor", "cytokine", "fibroblast",
        "keratinocyte", "extracellular matrix", "peptide", "pdrn", "dual-chamber",
        "cold chain", "patch test", "microneedling", "fractional laser", "retinoid", "aha",
        "niacinamide", "hyaluronic acid", "squalane",
    ):  # fmt: skip
        assert wanted in names


# Originality (no 12-word run shared with the source, 8+ runs reported) is checked over
# everything shipped, these rows included, in tests/quality/test_originality.py.


@pytest.mark.django_db
def test_ingredient_sources_has_an_anchor_for_every_catalog_source_type():
    article = Article.objects.get(slug="ingredient-sources")
    anchors = {entry.anchor for entry in article.rendered().toc}
    for value in Product.SourceType.values:
        assert f"source-{value.replace('_', '-')}" in anchors
    assert {
        "source-fibroblast-cm", "source-adipose-cm", "source-cutaneous-lysate", "source-plant",
        "source-peptide-blend", "source-exosome",
    } <= anchors  # fmt: skip


@pytest.mark.django_db
def test_articles_the_routines_link_to_exist_with_their_anchors():
    how_to_use = Article.objects.published().get(slug="how-to-use")
    anchors = {entry.anchor for entry in how_to_use.rendered().toc}
    assert {
        "order-of-application", "pairing-with-other-actives", "frequency", "patch-testing",
        "after-procedures", "storage",
    } <= anchors  # fmt: skip
    for slug in ("results-timeline", "who-should-be-careful", "routine-examples"):
        assert Article.objects.published().filter(slug=slug).exists()


@pytest.mark.django_db
def test_internal_links_in_the_guide_point_at_existing_articles(client):
    import re

    slugs = set(Article.objects.values_list("slug", flat=True))
    for article in Article.objects.all():
        for slug in re.findall(r"\]\(/guide/([a-z0-9-]+)/", article.body):
            assert slug in slugs | {"faq", "glossary"}, (article.slug, slug)


@pytest.mark.django_db
def test_loader_is_idempotent():
    before = Article.objects.count(), FaqEntry.objects.count(), GlossaryTerm.objects.count()
    result = content.load_guide_content()
    after = Article.objects.count(), FaqEntry.objects.count(), GlossaryTerm.objects.count()
    assert before == after
    assert result["articles"]["created"] == 0


@pytest.mark.django_db
def test_upgrade_updates_untouched_rows_but_never_staff_edits():
    edited = Article.objects.get(slug="evidence")
    edited.body = "Staff rewrote this."
    edited.edited_by_staff = True
    edited.save()
    untouched = Article.objects.get(slug="how-it-works")
    untouched.body = "Old shipped text."
    untouched.save()

    result = content.load_guide_content(version=content.CONTENT_VERSION + 1)

    edited.refresh_from_db()
    untouched.refresh_from_db()
    assert edited.body == "Staff rewrote this."
    assert untouched.body == content.article_body("how-it-works")
    assert untouched.content_version == content.CONTENT_VERSION + 1
    assert result["articles"]["kept"] >= 1


@pytest.mark.django_db
def test_loader_restores_a_deleted_article():
    Article.objects.filter(slug="alternatives").delete()
    content.load_guide_content()
    assert Article.objects.filter(slug="alternatives", is_published=True).exists()


@pytest.mark.django_db
def test_editor_group_has_every_guide_permission():
    group = Group.objects.get(name=EDITOR_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ("article", "faqentry", "glossaryterm"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in codenames


@pytest.mark.django_db
def test_load_command_restores_missing_rows_and_reports():
    from io import StringIO

    from django.core.management import call_command

    GlossaryTerm.objects.filter(slug="squalane").delete()
    out = StringIO()
    call_command("load_guide_content", stdout=out)
    assert "glossary: 1 created" in out.getvalue()
    assert GlossaryTerm.objects.filter(slug="squalane").exists()
