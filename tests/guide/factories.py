import factory

from guide import search_index
from guide.models import Article, FaqEntry, GlossaryTerm


class IndexedForSearch(factory.django.DjangoModelFactory):
    """Rows are searchable at once, as after an admin save (guide/search_index.py)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def search_vector(obj, create, extracted, **kwargs):
        if create:
            search_index.refresh(type(obj).objects.filter(pk=obj.pk))


class ArticleFactory(IndexedForSearch):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary."
    body = "Intro paragraph.\n\n## First part\n\nSome text.\n\n## Second part\n\nMore text.\n"
    theme = Article.Theme.BASICS
    order = factory.Sequence(lambda n: 1000 + n)
    is_published = True


class FaqEntryFactory(IndexedForSearch):
    class Meta:
        model = FaqEntry

    question = factory.Sequence(lambda n: f"Question {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    answer = "An answer."
    order = factory.Sequence(lambda n: 1000 + n)


class GlossaryTermFactory(IndexedForSearch):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"Term{n}")
    slug = factory.Sequence(lambda n: f"term-{n}")
    definition = "A definition."
