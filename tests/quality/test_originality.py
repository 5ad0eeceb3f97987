"""Everything shipped is in our own words: no 12-word run shared with the source article.

Runs of 8 words or more are reported (printed on every run of the suite) and must be either
zero or a justified exception listed in guide.originality.ALLOWED_RUNS.
"""

from pathlib import Path

import pytest

from guide import originality
from tests.quality import shipped_text

SOURCE = Path("/work/shared/seed/000_279d8c4de3373dbf.txt")
for parent in Path(__file__).resolve().parents:
    if (parent / "shared" / "seed" / "000_279d8c4de3373dbf.txt").exists():
        SOURCE = parent / "shared" / "seed" / "000_279d8c4de3373dbf.txt"
        break

# A passage written for this test, about something else entirely: a planted copy of
# 12 of its words must fail, 11 must only be reported, a paraphrase must pass.
SAMPLE = (
    "The lighthouse keeper climbed the spiral stairs every evening at dusk to wind the "
    "clockwork that turned the great lens above the harbour."
)


def _report(texts, capsys=None, title=""):
    report = originality.build_report(texts)
    if capsys is not None:
        with capsys.disabled():
            print(f"\n== {title} ==")
            print("\n".join(report.lines()))
    return report


@pytest.mark.django_db
def test_nothing_shipped_shares_a_run_with_the_source(world, mailoutbox, capsys):
    texts = [
        *shipped_text.database_texts(),
        *shipped_text.code_texts(),
        *shipped_text.page_texts(world, mailoutbox),
    ]
    where = {name.split(" ")[0] for name, _ in texts}
    # The check really read each kind of text (a silent empty collector would pass).
    assert {"article", "faq", "glossary", "product", "page", "email"} <= where
    assert any(name.startswith("templates/") for name, _ in texts)
    assert any(name.startswith("routines/") for name, _ in texts)

    report = _report(texts, capsys, "Originality: everything shipped against the source")

    assert report.failing == []
    assert report.unexplained == []


def test_every_allowed_run_is_a_real_eight_to_eleven_word_exception():
    for run, reason in originality.ALLOWED_RUNS.items():
        assert originality.REPORT_LENGTH <= len(run.split()) < originality.RUN_LENGTH, run
        assert run == " ".join(originality.normalise_words(run)), run
        assert reason.strip(), run


def test_a_planted_twelve_word_run_fails_despite_case_and_punctuation():
    twelve = originality.fingerprint(SAMPLE, originality.RUN_LENGTH)
    eight = originality.fingerprint(SAMPLE, originality.REPORT_LENGTH)
    planted = (
        "Our own sentence, then: THE LIGHTHOUSE-KEEPER climbed the spiral stairs... every "
        "evening, at dusk; to sing."
    )
    report = originality.build_report([("planted", planted)], eight)
    assert [f.words for f in report.findings] == [12]
    assert report.failing and report.failing[0].where == "planted"
    assert originality.shared_runs(planted, twelve) == [
        "the lighthouse keeper climbed the spiral stairs every evening at dusk to"
    ]


def test_an_eleven_word_run_is_reported_but_does_not_fail():
    eight = originality.fingerprint(SAMPLE, originality.REPORT_LENGTH)
    text = "At night she climbed the spiral stairs every evening at dusk to wind the bells."
    report = originality.build_report([("near", text)], eight)
    assert [f.run for f in report.findings] == [
        "climbed the spiral stairs every evening at dusk to wind the"
    ]
    assert report.findings[0].words == 11
    assert report.failing == []
    assert report.unexplained == list(report.findings)


@pytest.mark.django_db
def test_a_run_planted_in_an_article_is_caught_in_the_row_and_on_the_rendered_page(client):
    from guide.models import Article

    hashes = originality.fingerprint(SAMPLE, originality.REPORT_LENGTH)
    Article.objects.create(
        slug="planted",
        title="A planted article",
        summary="Written to be caught.",
        body="## Planted\n\nEvery night the lighthouse keeper climbed the spiral stairs every "
        "evening at dusk to **check** the lens.",
        is_published=True,
    )
    texts = [t for t in shipped_text.database_texts() if t[0] == "article planted"]
    response = client.get("/guide/planted/")
    texts.append(("page /guide/planted/", shipped_text.html_text(response.content.decode())))
    report = originality.build_report(texts, hashes)
    assert {f.where for f in report.failing} == {"article planted", "page /guide/planted/"}
    assert report.longest == 12


def test_a_paraphrase_of_the_sample_passes():
    eight = originality.fingerprint(SAMPLE, originality.REPORT_LENGTH)
    text = "Each night at sunset the keeper went up to the lamp and wound its clockwork."
    assert originality.build_report([("ours", text)], eight).findings == ()


def test_the_shipped_fingerprints_hash_runs_of_twelve_and_eight_words():
    assert originality.load_fingerprint() and originality.load_fingerprint(
        originality.REPORT_FINGERPRINT_PATH
    )
    # A run the source really contains (a product name plus its listed profile words)
    # is in the 8-word fingerprint; our sample is not.
    sample = originality.fingerprint(SAMPLE, originality.REPORT_LENGTH)
    assert not sample & originality.load_fingerprint(originality.REPORT_FINGERPRINT_PATH)


@pytest.mark.skipif(not SOURCE.exists(), reason="source article not beside the checkout")
def test_fingerprints_match_the_source_article():
    source = SOURCE.read_text(encoding="utf-8")
    assert originality.load_fingerprint() == originality.fingerprint(source)
    assert originality.load_fingerprint(
        originality.REPORT_FINGERPRINT_PATH
    ) == originality.fingerprint(source, originality.REPORT_LENGTH)


def test_template_text_keeps_the_words_and_drops_the_tags():
    text = shipped_text.template_text(
        '{% if x %}<p title="Hover words">Read <a href="{{ url }}">this</a> first.</p>{% endif %}'
        "<script>var hidden = 1;</script>"
    )
    words = originality.normalise_words(text)
    assert words == ["hover", "words", "read", "this", "first"]
