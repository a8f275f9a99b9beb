"""The alignment page is a Jinja2 template with autoescape on: hostile article text stays inert text."""

import asyncio
import re

from schemas.article import ArticleInput
from service.alignment.align import align_claims, claims_from_sentences
from service.alignment.html import render_html, segments
from service.ingest import clean_article

BASE = "Russia occupies about 18% of Ukraine. Officials met on Wednesday in Brussels to discuss it."
HOSTILE = '<script>alert("x")</script> Russia occupies about 25% of Ukraine. <img src=x onerror="alert(1)">'


def page_for(title: str, edited: str) -> tuple[str, str]:
    a = clean_article(ArticleInput(text=BASE, title=title, format="text"), article_id="a")
    b = clean_article(ArticleInput(text=edited, format="text"), article_id="b")
    alignment = asyncio.run(align_claims([(a, claims_from_sentences(a)), (b, claims_from_sentences(b))], None)).value
    return render_html(alignment, [a, b]), b.cleaned_text


def test_script_tags_in_article_text_and_title_are_escaped_not_run() -> None:
    page, edited = page_for('</title><script>steal()</script>"', HOSTILE)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;/title&gt;&lt;script&gt;steal()&lt;/script&gt;&#34;" in page
    assert "<title>factalign alignment</title>" in page  # the hostile title never closes the real one
    assert '<script>alert("x")</script>' in edited  # the cleaned text keeps it: only the page's escaping defuses it


def test_the_page_shows_every_character_of_each_article_once() -> None:
    page, edited = page_for("Title", HOSTILE)
    column = re.search(r"<div class=col>(.*?)</div></div>", page.split("<h2>b</h2>", 1)[1], re.S)
    assert column is not None
    shown = re.sub(r"<[^>]+>", "", column.group(1))
    unescaped = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&amp;", "&")
    assert unescaped == edited


def test_segments_cover_the_text_and_conflicts_win_overlaps() -> None:
    a = clean_article(ArticleInput(text=BASE, format="text"), article_id="a")
    b = clean_article(ArticleInput(text=BASE.replace("18%", "25%"), format="text"), article_id="b")
    alignment = asyncio.run(align_claims([(a, claims_from_sentences(a)), (b, claims_from_sentences(b))], None)).value
    parts = segments(a, alignment)
    assert "".join(p.text for p in parts) == a.cleaned_text
    assert [p.relation for p in parts if "18%" in p.text] == ["conflict"]
