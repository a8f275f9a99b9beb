"""Cleaning edge cases: HTML input, format sniffing, normalisation, ids, metadata and input errors."""

import hashlib

import pytest

from schemas.article import Article, ArticleInput
from service.errors import EmptyInput, UnsupportedInput
from service.ingest import PARAGRAPH_SEP, clean_article, detect_format


def clean(text: str, **kwargs: str) -> Article:
    return clean_article(ArticleInput(text=text, **kwargs))


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Port strike ends after 12 days | Example Times</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav></header>
<main><article>
<h1>Port strike ends after 12 days</h1>
<p>Dock workers in Rotterdam voted on Tuesday to end a 12-day strike that had left hundreds of containers
stranded on the quays of Europe's largest port.</p>
<p>The union said 78% of members backed the new offer, which raises pay by 6% this year and 4% next year.</p>
<p>"This is a fair deal for the people who keep this port running," said union spokesman Niek Stam.</p>
<p>Shipping companies warned it would take at least two weeks to clear the backlog of vessels at anchor.</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity chef opens new restaurant</a></li>
<li><a href="/b">Ten best beaches in Europe</a></li></ul></aside>
<footer><p>© 2024 Example Times. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def test_html_page_keeps_article_paragraphs_and_drops_page_furniture() -> None:
    article = clean(HTML_PAGE)
    assert article.format == "html"
    paragraphs = article.cleaned_text.split(PARAGRAPH_SEP)
    assert paragraphs == [
        "Port strike ends after 12 days",
        "Dock workers in Rotterdam voted on Tuesday to end a 12-day strike that had left hundreds of containers "
        "stranded on the quays of Europe's largest port.",
        "The union said 78% of members backed the new offer, which raises pay by 6% this year and 4% next year.",
        '"This is a fair deal for the people who keep this port running," said union spokesman Niek Stam.',
        "Shipping companies warned it would take at least two weeks to clear the backlog of vessels at anchor.",
    ]
    for furniture in ("Celebrity chef", "Ten best beaches", "All rights reserved", "Privacy policy", "Business"):
        assert furniture not in article.cleaned_text
    assert article.title == "Port strike ends after 12 days"
    assert article.removed_lines == []  # trafilatura already dropped the nav, aside and footer


def test_html_falls_back_to_tag_strip_when_extraction_finds_nothing() -> None:
    article = clean("<div><p>Short note.</p><p>Second line here.</p><nav>Home | News | Sport</nav></div>")
    assert article.cleaned_text == "Short note.\n\nSecond line here."


def test_detect_format(seed003_text: str) -> None:
    assert detect_format(HTML_PAGE) == "html"
    assert detect_format("<p>One</p><p>Two</p><p>Three</p>") == "html"
    assert detect_format(seed003_text) == "text"
    assert detect_format("Use the <b> tag for bold, she wrote, and 3 < 4 > 2.") == "text"


def test_explicit_format_overrides_sniffing() -> None:
    article = clean("<p>One</p><p>Two</p><p>Three</p>", format="text")
    assert article.format == "text"
    assert article.cleaned_text == "<p>One</p><p>Two</p><p>Three</p>"


def test_whitespace_and_unicode_normalised_but_quotes_kept() -> None:
    text = "  “Quoted,”\u00a0he  said\u200b.\r\n\r\n\tCafe\u0301 owners\tagreed — mostly.\r\rEnd\ufeff here.  "
    article = clean(text)
    assert article.cleaned_text == "“Quoted,” he said.\n\nCafé owners agreed — mostly.\n\nEnd here."


def test_hard_wrapped_lines_are_rejoined_into_one_paragraph() -> None:
    article = clean("The council said the\nbridge would reopen in May.\nRepairs cost £4m.")
    assert article.cleaned_text == "The council said the bridge would reopen in May.\n\nRepairs cost £4m."


def test_article_id_is_content_hash_or_caller_id(seed003: Article, seed003_text: str) -> None:
    digest = hashlib.sha256(seed003.cleaned_text.encode()).hexdigest()[:16]
    assert seed003.id == f"sha256:{digest}"
    assert clean_article(ArticleInput(text=seed003_text), article_id="a-1").id == "a-1"


def test_metadata_copied_from_input() -> None:
    article = clean(
        "The vote passed 52 to 48.", title="Vote", url="https://x.test/a", source="X", published="2024-12-18"
    )
    assert (article.title, article.url, article.source, article.published) == (
        "Vote",
        "https://x.test/a",
        "X",
        "2024-12-18",
    )
    assert [s.text for s in article.sentences] == ["The vote passed 52 to 48."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \u00a0"])
def test_empty_text_rejected(text: str) -> None:
    with pytest.raises(EmptyInput, match="article text is empty"):
        clean(text)


def test_only_boilerplate_rejected_with_removed_lines() -> None:
    with pytest.raises(EmptyInput, match="cleaning removed everything") as raised:
        clean("Share this article\nAdvertisement\nExit mobile version\n")
    assert raised.value.details == {"removed_lines": ["Share this article", "Advertisement", "Exit mobile version"]}


def test_misdecoded_text_rejected() -> None:
    with pytest.raises(UnsupportedInput, match="mis-decoded"):
        clean("Zelenskyy \ufffd\ufffd said the \ufffd\ufffd\ufffd war would end \ufffd soon.")
    # A stray replacement character is not enough.
    assert clean("Zelenskyy said the war\ufffds end is near.").cleaned_text.count("\ufffd") == 1
