from guide import rendering
from guide.rendering import GlossaryLink


def test_script_tags_are_removed():
    html = rendering.render_markdown("Hello <script>alert(1)</script> world")
    assert "<script" not in html
    assert "alert(1)" not in html or "&lt;script" not in html


def test_javascript_links_are_removed():
    html = rendering.render_markdown(
        "[click](javascript:alert(1)) and <a href='javascript:x'>y</a>"
    )
    assert "javascript:" not in html
    assert "click" in html


def test_event_attributes_and_unknown_tags_are_removed():
    html = rendering.render_markdown(
        '<img src="x" onerror="alert(1)"><p onclick="steal()">text</p><iframe src="//e"></iframe>'
    )
    assert "onerror" not in html and "onclick" not in html
    assert "<img" not in html and "<iframe" not in html
    assert "text" in html


def test_safe_markdown_survives():
    html = rendering.render_markdown("**bold** and [a link](/guide/faq/)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert 'href="/guide/faq/"' in html
    assert "<li>one</li>" in html


def test_toc_uses_explicit_and_generated_anchors():
    rendered = rendering.render_article(
        "## Plant extracts {#source-plant}\n\ntext\n\n"
        "### Why it matters\n\ntext\n\n## Plant extracts\n",
        [],
    )
    anchors = [entry.anchor for entry in rendered.toc]
    assert anchors[0] == "source-plant"
    assert anchors[1] == "why-it-matters"
    assert len(set(anchors)) == 3, "duplicate headings still get distinct anchors"
    assert [entry.level for entry in rendered.toc] == [2, 3, 2]
    assert rendered.toc[0].text == "Plant extracts"
    assert '<h2 id="source-plant">' in rendered.html


def test_anchor_ids_are_stable_between_renders():
    body = "## Order of application\n\ntext"
    first = rendering.render_article(body, []).toc
    second = rendering.render_article(body, []).toc
    assert first == second
    assert first[0].anchor == "order-of-application"


TERMS = [
    GlossaryLink("Exosome", "/guide/glossary/#exosome", ("Exosome", "extracellular vesicle")),
    GlossaryLink("Hyaluronic acid", "/guide/glossary/#hyaluronic-acid", ("Hyaluronic acid",)),
    GlossaryLink("Cold chain", "/guide/glossary/#cold-chain", ("Cold chain",)),
]


def test_glossary_links_first_mention_only():
    rendered = rendering.render_article(
        "Exosomes are small. More exosomes here.\n\nAnother exosome.", TERMS
    )
    assert rendered.html.count('href="/guide/glossary/#exosome"') == 1
    assert '<a class="glossary-link" href="/guide/glossary/#exosome"' in rendered.html
    assert ">Exosomes</a>" in rendered.html
    assert rendered.linked_terms == ("Exosome",)


def test_glossary_links_skip_headings_links_and_code():
    body = (
        "## Exosome basics\n\n[exosome page](/x/) and `exosome`\n\n"
        "Then hyaluronic acid and cold-chain shipping, then exosome."
    )
    rendered = rendering.render_article(body, TERMS)
    assert '<h2 id="exosome-basics">Exosome basics</h2>' in rendered.html
    # The first linkable mention is the last word, not the heading, link or code.
    assert ">exosome</a>." in rendered.html
    assert 'href="/guide/glossary/#hyaluronic-acid"' in rendered.html
    assert ">cold-chain</a>" in rendered.html


def test_glossary_terms_are_matched_as_whole_words():
    rendered = rendering.render_article("Not a superexosome or exosomeish word.", TERMS)
    assert "glossary-link" not in rendered.html


def test_plain_text_strips_markdown():
    text = rendering.plain_text("## Title {#x}\n\n- **Bold** [link](/a/)\n1. step")
    assert text == "Title Bold link step"
