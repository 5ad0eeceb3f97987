import pytest
from django.urls import reverse

from guide.models import Article, FaqEntry, GlossaryTerm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["article", "faqentry", "glossaryterm"])
def test_editor_can_list_and_search(editor_client, model):
    url = reverse(f"admin:guide_{model}_changelist")
    assert editor_client.get(url).status_code == 200
    assert editor_client.get(url, {"q": "exosome"}).status_code == 200


def test_article_change_page_shows_a_rendered_preview(editor_client):
    article = Article.objects.get(slug="ingredient-sources")
    response = editor_client.get(reverse("admin:guide_article_change", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="source-plant">' in html
    assert 'href="#source-fibroblast-cm"' in html


def test_saving_in_admin_marks_the_article_as_edited(editor_client):
    article = Article.objects.get(slug="evidence")
    url = reverse("admin:guide_article_change", args=[article.pk])
    response = editor_client.post(
        url,
        {
            "title": article.title,
            "slug": article.slug,
            "summary": article.summary,
            "theme": article.theme,
            "order": article.order,
            "is_published": "on",
            "body": "## Rewritten\n\nBy staff.",
            "related_source_types": ["plant", "exosome"],
            "related_product_slugs": "",
            "related_concern_slugs": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.edited_by_staff
    assert article.body.startswith("## Rewritten")
    assert article.related_source_types == ["plant", "exosome"]


@pytest.mark.parametrize("model", [Article, FaqEntry, GlossaryTerm])
def test_publish_actions(editor_client, model):
    name = model._meta.model_name
    rows = list(model.objects.all()[:2])
    url = reverse(f"admin:guide_{name}_changelist")
    ids = [row.pk for row in rows]
    editor_client.post(url, {"action": "unpublish", "_selected_action": ids})
    assert not model.objects.filter(pk__in=ids, is_published=True).exists()
    assert all(row.edited_by_staff for row in model.objects.filter(pk__in=ids))
    editor_client.post(url, {"action": "publish", "_selected_action": ids})
    assert model.objects.filter(pk__in=ids, is_published=True).count() == 2


def test_shipped_rows_cannot_be_deleted_only_unpublished(editor_client):
    shipped = Article.objects.get(slug="evidence")
    url = reverse("admin:guide_article_delete", args=[shipped.pk])
    assert editor_client.get(url).status_code == 403
    assert Article.objects.filter(pk=shipped.pk).exists()
    changelist = editor_client.get(reverse("admin:guide_article_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_rows_written_by_staff_can_be_deleted(editor_client):
    from tests.guide.factories import ArticleFactory

    own = ArticleFactory()
    url = reverse("admin:guide_article_delete", args=[own.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=own.pk).exists()
