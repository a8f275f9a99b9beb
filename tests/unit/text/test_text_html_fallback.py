"""The HTML fallback (lxml) when trafilatura finds no main text: what a regex tag strip got wrong."""

import pytest

from schemas.article import ArticleInput
from service.ingest import PARAGRAPH_SEP, clean_article
from service.ingest.html import html_to_text, strip_tags


def test_script_style_comments_and_head_are_dropped_with_their_content() -> None:
    page = (
        "<html><head><title>Site</title><style>p{color:red}</style></head><body>"
        '<p>First paragraph.</p><!-- <p>hidden draft</p> --><script>var s = "</div><p>fake</p>";</script>'
        "<noscript>Enable JS</noscript><p>Second paragraph.</p></body></html>"
    )
    text = strip_tags(page)
    assert text.split() == ["First", "paragraph.", "Second", "paragraph."]


def test_a_greater_than_sign_inside_an_attribute_does_not_leak_markup() -> None:
    # A regex strip of <[^<>]+> cuts this tag at the first '>' and leaves ' 5">' in the text.
    assert strip_tags('<p>Prices <a title="rose by > 5">rose</a> again.</p>').strip() == "Prices rose again."


def test_entities_are_decoded_and_blocks_become_separate_lines() -> None:
    text = strip_tags("<div><p>Fish &amp; chips &ndash; &#8364;5</p><p>Line one<br>line two</p><li>item")
    lines = [line for line in text.splitlines() if line]
    assert lines == ["Fish & chips – €5", "Line one", "line two", "item"]


@pytest.mark.parametrize("markup", ["", "   ", "<!-- nothing but a comment -->", "<script>x()</script>"])
def test_nothing_to_read_is_empty_text_not_an_error(markup: str) -> None:
    assert strip_tags(markup).strip() == ""


def test_a_fragment_trafilatura_rejects_still_yields_its_paragraphs() -> None:
    fragment = "<div><p>Officials said 12 people were hurt.</p><p>The road &amp; bridge reopened on Monday.</p></div>"
    assert "Officials said 12 people were hurt." in html_to_text(fragment)
    article = clean_article(ArticleInput(text=fragment, format="html"))
    assert article.cleaned_text.split(PARAGRAPH_SEP) == [
        "Officials said 12 people were hurt.",
        "The road & bridge reopened on Monday.",
    ]
