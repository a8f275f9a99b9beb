"""Cleaning scraped articles: what boilerplate goes and that every real sentence stays."""

from schemas.article import Article, ArticleInput
from service.ingest import PARAGRAPH_SEP, clean_article

SEED_000_REMOVED = [
    "Home NEWS TODAY Volodymyr Zelenskyy admits Ukraine cannot remove Russian troops from occupied parts",
    "Ukraine war latest",
    "Please use Chrome browser for a more accessible video player",
    "Zelenskyy on how ceasefire could work",
    "Read more:",
    "Russia detains Uzbek citizen over killing of general",
    "Zelenskyy and Putin ‘gotta make a deal’, says Trump",
    "Exit mobile version",
]
HEADLINE_000 = "Volodymyr Zelenskyy admits Ukraine cannot remove Russian troops from occupied parts"


def clean(text: str, **kwargs: str) -> Article:
    return clean_article(ArticleInput(text=text, **kwargs))


def assert_kept(article: Article, lines: list[str]) -> None:
    paragraphs = article.cleaned_text.split(PARAGRAPH_SEP)
    for line in lines:
        assert line in paragraphs, f"real paragraph lost: {line!r}"


def test_seed_000_loses_exactly_its_boilerplate(seed000: Article, seed000_text: str) -> None:
    assert seed000.removed_lines == SEED_000_REMOVED
    raw_lines = [line for line in seed000_text.splitlines() if line.strip()]
    real = [line for line in raw_lines if line not in SEED_000_REMOVED]
    assert seed000.cleaned_text.split(PARAGRAPH_SEP) == real
    assert seed000.cleaned_text.count(HEADLINE_000) == 1
    assert seed000.title == HEADLINE_000
    assert seed000.format == "text"


def test_seed_003_is_clean_and_loses_nothing(seed003: Article, seed003_text: str) -> None:
    raw_lines = [line.strip() for line in seed003_text.splitlines() if line.strip()]
    assert seed003.removed_lines == []
    # Section sub-headings are content, not navigation.
    assert seed003.cleaned_text.split(PARAGRAPH_SEP) == raw_lines
    assert "NATO and Ukraine" in seed003.cleaned_text
    assert "Moscow attack" in seed003.cleaned_text


COOKIE_SCRAPE = """\
We use cookies to improve your experience on our site. By continuing to browse you agree to our use of cookies.
Accept all cookies
Flood waters rose by 2.3 metres in Passau on Monday, the city council said.
"We have never seen anything like it," said the mayor, Jürgen Dupper.
Residents of the old town were told to leave their homes before nightfall.
Cookie settings
"""


def test_cookie_banner_removed_sentences_kept() -> None:
    article = clean(COOKIE_SCRAPE)
    assert article.removed_lines == [
        "We use cookies to improve your experience on our site. "
        "By continuing to browse you agree to our use of cookies.",
        "Accept all cookies",
        "Cookie settings",
    ]
    assert_kept(article, COOKIE_SCRAPE.splitlines()[2:5])


NEWSLETTER_SCRAPE = """\
Central bank holds rates at 4.5%

The Bank of England kept interest rates at 4.5% on Thursday, citing sticky services inflation.

Six of the nine members of the Monetary Policy Committee voted to hold.

Markets latest

Governor Andrew Bailey said cuts would come "gradually and carefully".

Sign up for our Business Today newsletter to get the day's top stories in your inbox.
Advertisement
© 2024 Example News Ltd. All rights reserved.
Terms of use | Privacy policy | Contact us
"""


def test_newsletter_and_footer_removed_sentences_kept() -> None:
    article = clean(NEWSLETTER_SCRAPE)
    assert article.removed_lines == [
        "Markets latest",
        "Sign up for our Business Today newsletter to get the day's top stories in your inbox.",
        "Advertisement",
        "© 2024 Example News Ltd. All rights reserved.",
        "Terms of use | Privacy policy | Contact us",
    ]
    assert_kept(
        article,
        [
            "Central bank holds rates at 4.5%",
            "The Bank of England kept interest rates at 4.5% on Thursday, citing sticky services inflation.",
            "Six of the nine members of the Monetary Policy Committee voted to hold.",
            'Governor Andrew Bailey said cuts would come "gradually and carefully".',
        ],
    )
    assert article.title == "Central bank holds rates at 4.5%"


SHARE_SCRAPE = """\
World > Europe > Spain
Share this article
Facebook Twitter WhatsApp Email
Wildfire forces evacuation of 3,000 near Valencia
Wildfire forces evacuation of 3,000 near Valencia
Firefighters battled a wildfire that forced about 3,000 people from their homes near Valencia on Sunday.
READ MORE: Spain braces for hottest summer on record
Strong winds of up to 70 km/h fanned the flames overnight, officials said.
Click here to see our interactive map of the fires.
* * *
Exit mobile version
"""


def test_share_bar_breadcrumb_and_mobile_footer_removed() -> None:
    article = clean(SHARE_SCRAPE)
    assert article.removed_lines == [
        "World > Europe > Spain",
        "Share this article",
        "Facebook Twitter WhatsApp Email",
        "Wildfire forces evacuation of 3,000 near Valencia",  # the second copy of the headline
        "READ MORE: Spain braces for hottest summer on record",
        "Click here to see our interactive map of the fires.",
        "* * *",
        "Exit mobile version",
    ]
    assert article.cleaned_text.split(PARAGRAPH_SEP) == [
        "Wildfire forces evacuation of 3,000 near Valencia",
        "Firefighters battled a wildfire that forced about 3,000 people from their homes near Valencia on Sunday.",
        "Strong winds of up to 70 km/h fanned the flames overnight, officials said.",
    ]
    assert article.title == "Wildfire forces evacuation of 3,000 near Valencia"


def test_browser_notice_and_read_more_list_removed_but_not_real_sentences() -> None:
    text = (
        "Your browser is not supported. Please use another browser.\n"
        "The minister resigned on Friday after a row over expenses.\n"
        "Read more:\nPrime minister faces confidence vote\nWho could replace her?\n"
        "“I have done nothing wrong,” she told reporters outside her home.\n"
        "Home Secretary Yvette Cooper said the party would move on quickly.\n"
    )
    article = clean(text, title="Minister resigns")
    assert article.removed_lines == [
        "Your browser is not supported. Please use another browser.",
        "Read more:",
        "Prime minister faces confidence vote",
    ]
    assert_kept(
        article,
        [
            "The minister resigned on Friday after a row over expenses.",
            # Link titles are only eaten while headline-like; a question could be a real sub-heading, so stays.
            "Who could replace her?",
            "“I have done nothing wrong,” she told reporters outside her home.",
            "Home Secretary Yvette Cooper said the party would move on quickly.",
        ],
    )
    assert article.title == "Minister resigns"


LOOKALIKE_SENTENCES = [
    "By using force, Russia showed it did not agree to the terms of the deal.",
    "Privacy policy changes at Meta drew criticism from EU regulators.",
    "More – and more – people are leaving the city, the mayor said.",
    "Home HIV tests are now free in England.",
    "Copyright lawyers say the ruling is a landmark.",
    "Share prices fell 3% in early trading.",
    "Watch out for falling debris, police warned residents on Sunday.",
    "Sign up rates for the scheme rose to 40%, officials said.",
    "Live music returns to Kyiv",
    "Click-through rates on the ministry's site have tripled since March.",
]


def test_sentences_that_look_like_boilerplate_survive() -> None:
    text = "Opening paragraph of the story.\n\n" + "\n\n".join(LOOKALIKE_SENTENCES)
    article = clean(text)
    assert article.removed_lines == []
    assert article.cleaned_text.split(PARAGRAPH_SEP)[1:] == LOOKALIKE_SENTENCES


def test_read_more_list_ends_at_the_blank_line() -> None:
    text = (
        "The strike entered its third day.\n\nRead more:\nUnions reject pay offer\nWho are the strikers\n\n"
        "Moscow attack\n\nA drone hit a depot near Moscow overnight.\n\nRelated:\n\nDepot fire seen for miles\n\n"
        "Firefighters were at the scene until dawn."
    )
    article = clean(text)
    assert article.removed_lines == [
        "Read more:",
        "Unions reject pay offer",
        "Who are the strikers",
        "Related:",
        "Depot fire seen for miles",
    ]
    assert article.cleaned_text.split(PARAGRAPH_SEP) == [
        "The strike entered its third day.",
        "Moscow attack",
        "A drone hit a depot near Moscow overnight.",
        "Firefighters were at the scene until dawn.",
    ]
