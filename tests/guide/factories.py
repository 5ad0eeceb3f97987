import factory

from guide.models import Article, FaqEntry, GlossaryTerm


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary."
    body = "Intro paragraph.\n\n## First part\n\nSome text.\n\n## Second part\n\nMore text.\n"
    theme = Article.Theme.BASICS
    order = factory.Sequence(lambda n: 1000 + n)
    is_published = True


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    question = factory.Sequence(lambda n: f"Question {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    answer = "An answer."
    order = factory.Sequence(lambda n: 1000 + n)


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"Term{n}")
    slug = factory.Sequence(lambda n: f"term-{n}")
    definition = "A definition."
