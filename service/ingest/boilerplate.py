"""Line-level boilerplate filter for scraped articles: navigation, link lists, share/cookie/footer lines."""

import re
from dataclasses import dataclass, field

# Lines this long are article prose whatever they start with; no rule may drop them.
_MAX_BOILERPLATE_WORDS = 40
_HEADING_MAX_WORDS = 14
_TEASER_MAX_WORDS = 6
# After a "Read more:" label, how many headline-like link lines we are willing to eat.
_MAX_LINK_LIST = 8

_OPEN_QUOTES = "\"“‘'«„"
_TERMINAL = ".!?…;:"
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# "/", ">" and dashes only separate menu items when spaced ("World > Europe"), not in "km/h" or "<p>".
_SEPARATORS = re.compile(r"\s*[|•·»›]\s*|\s+[>/–—]\s+")

# Whole-line labels (compared lowercased, trailing punctuation and arrows removed).
_LABELS = frozenset(
    (
        "advertisement",
        "advertisements",
        "sponsored",
        "sponsored content",
        "exit mobile version",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share article",
        "share on facebook",
        "share on twitter",
        "tweet",
        "email",
        "print",
        "copy link",
        "link copied",
        "skip to content",
        "skip to main content",
        "menu",
        "search",
        "close",
        "log in",
        "sign in",
        "login",
        "register",
        "subscribe",
        "read more",
        "related",
        "related articles",
        "related stories",
        "related content",
        "more on this story",
        "recommended",
        "most read",
        "most popular",
        "top stories",
        "trending",
        "comments",
        "show comments",
        "view comments",
        "back to top",
        "listen to this article",
        "you may also like",
        "you might also like",
        "follow us",
        "toggle navigation",
        "loading",
        "watch now",
        "continue reading",
        "story continues below advertisement",
        "scroll to continue",
        "advertisement - scroll to continue",
    )
)


def _rules(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# Patterns so specific that a line matching them is boilerplate even when it is a full sentence.
_NOTICE_RULES = _rules(
    # "Read more: <headline>", "RELATED: ...": real prose never opens with these labels.
    r"^(?:read more|read next|also read|related|see also|more on this story|further reading|most read|"
    r"you may also like|you might also like)\s*[:|»>–—-]",
    # Browser / player notices.
    r"\b(?:use|switch to|upgrade(?: to)?|try)\s+(?:another|a different|a newer|a modern|a supported|"
    r"the latest(?: version of)?|chrome|firefox|safari|edge)\b.{0,40}?\bbrowser",
    r"\bbrowser (?:is|isn't|is not|does not|doesn't)\b.{0,20}\bsupport",
    r"\b(?:enable|turn on) javascript\b|\bjavascript is (?:disabled|required|not enabled)",
    # Cookie banners.
    r"^(?:we|this (?:web)?site|our (?:web)?site|this page)(?: and our partners)? uses? cookies",
    r"^by (?:continuing|using|clicking|browsing)\b.{0,100}\b(?:cookies|you (?:agree|consent|accept))",
    r"^(?:accept|reject|manage|allow|decline) (?:all )?(?:cookies|cookie settings)",
    r"^cookie (?:policy|settings|preferences|notice|consent)",
    # Newsletter / subscription prompts.
    r"^(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletter|updates|alerts|inbox|e-?mails?)\b",
    r"^(?:get|receive)\b.{0,60}\b(?:newsletter|in your inbox)\b",
    r"^(?:already a subscriber|subscribe (?:now|today)|become a (?:member|subscriber)|"
    r"support (?:our|independent) journalism)",
    # Copyright footers.
    r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))",
    r"\ball rights reserved\b",
)
# Calls to action: no news sentence opens like this, but a long line that does is worth keeping.
_SHORT_LINE_RULES = _rules(
    r"^(?:more|watch|listen|recommended)\s*[:|»]",
    r"^share (?:this|on|via|article|story|the article)\b",
    r"^follow us\b",
    r"^(?:click|tap) here\b",
    r"^(?:download|get) (?:the|our)\b.{0,30}\bapp\b",
    r"^(?:image|photo|picture|video) (?:source|caption|credit)s?\b",
)
_SHORT_LINE_WORDS = 12
# Footer links that also open ordinary sentences ("Privacy policy changes drew criticism."): only as a
# heading-like line, i.e. with no sentence-final punctuation.
_FOOTER_LINK = re.compile(
    r"^(?:terms (?:of use|of service|and conditions)|privacy (?:policy|notice)|contact us|about us)\b", re.IGNORECASE
)
_LINK_LABEL = re.compile(
    r"^(?:read more|read next|also read|related(?: articles| stories)?|see also|more on this story|"
    r"further reading|recommended)\s*[:»>–—-]?$",
    re.IGNORECASE,
)
_MEDIA_NOTICE = re.compile(r"\b(?:video|audio|player|media)\b", re.IGNORECASE)
# Standalone teaser links ("Ukraine war latest", "Live updates") are told from real section sub-headings
# ("NATO and Ukraine", "Moscow attack") by their vocabulary; position alone cannot tell them apart.
_TEASER = re.compile(
    r"\b(?:latest|live (?:updates|blog|coverage|reports?)|watch|video|videos|listen|podcast|explained|"
    r"in pictures|in maps|what we know|key facts|timeline|as it happened)\b",
    re.IGNORECASE,
)
_SHARE_WORDS = frozenset(
    """share tweet email e-mail print copy link facebook twitter x whatsapp linkedin reddit pinterest telegram
    messenger flipboard threads bluesky comment comments save""".split()  # noqa: SIM905 -- word blocks read better
)
_NAV_WORDS = frozenset(
    """home news today latest world uk us u.s. europe asia africa americas politics business sport sports football
    culture lifestyle travel tech technology science health entertainment video videos live weather money markets
    opinion local national international more menu search subscribe login podcasts newsletters arts style food
    climate environment education crime economy sections top stories features""".split()  # noqa: SIM905
)


@dataclass
class Filtered:
    """Result of the filter: paragraphs kept, lines dropped, and a headline found along the way."""

    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    headline: str | None = None


def filter_boilerplate(blocks: list[list[str]], *, title: str | None = None) -> Filtered:
    """Split paragraphs into article text and boilerplate.

    ``blocks`` are runs of paragraphs (one non-empty line each) that had no blank line between them; block
    edges tell where a "Read more:" list of links ends in scrapes that put blank lines between paragraphs.
    """
    out = Filtered()
    link_block = -1  # the block whose headline-like lines are links, after a "Read more:" label
    link_left = 0
    media_caption_next = False  # the line after a video-player notice is the video's title
    for block_no, block in enumerate(blocks):
        for line_no, line in enumerate(block):
            heading = _is_heading_like(line)
            if link_left and heading and block_no == link_block:
                link_left -= 1
                out.removed.append(line)
                continue
            link_left = 0
            if media_caption_next and heading:
                media_caption_next = False
                out.removed.append(line)
                continue
            media_caption_next = False

            breadcrumb_tail = _breadcrumb_tail(line)
            if breadcrumb_tail is not None:
                out.removed.append(line)
                if breadcrumb_tail and out.headline is None and not out.kept:
                    out.headline = breadcrumb_tail
                continue
            if _is_boilerplate(line, is_first=not out.kept):
                out.removed.append(line)
                if _LINK_LABEL.match(line):
                    # A bare label either heads its own block's list or, when last in its block, the next block.
                    link_block = block_no + 1 if line_no == len(block) - 1 else block_no
                    link_left = _MAX_LINK_LIST
                elif _MEDIA_NOTICE.search(line):
                    media_caption_next = True
                continue
            # A headline repeated at the top (page <h1> plus the scraped title line) is kept once.
            if len(out.kept) == 1 and heading and _same_text(line, out.kept[0]):
                out.removed.append(line)
                continue
            out.kept.append(line)

    if out.headline is None and title is None and len(out.kept) > 1 and _is_heading_like(out.kept[0]):
        out.headline = out.kept[0]
    return out


def _is_boilerplate(line: str, *, is_first: bool) -> bool:
    words = _WORD.findall(line)
    if not words:  # "* * *", "—", a lone bullet: decoration, nothing to read or quote
        return True
    if len(words) > _MAX_BOILERPLATE_WORDS or (line[0] in _OPEN_QUOTES and len(words) >= 4):
        return False
    if _label_key(line) in _LABELS or any(rule.search(line) for rule in _NOTICE_RULES):
        return True
    if len(words) <= _SHORT_LINE_WORDS and any(rule.search(line) for rule in _SHORT_LINE_RULES):
        return True
    heading = _is_heading_like(line)
    if heading and _FOOTER_LINK.search(line):
        return True
    lowered = [w.lower() for w in words]
    if len(lowered) >= 2 and all(w in _SHARE_WORDS for w in lowered):
        return True
    if _is_menu(line) or (heading and len(lowered) >= 2 and all(w in _NAV_WORDS for w in lowered)):
        return True
    # Not the headline (first kept line): a headline may well say "latest".
    return not is_first and heading and len(words) <= _TEASER_MAX_WORDS and bool(_TEASER.search(line))


def _is_menu(line: str) -> bool:
    """A navigation menu or breadcrumb: a separator-delimited list of at least three short items."""
    items = [item for item in _SEPARATORS.split(line) if item]
    return len(items) >= 3 and all(len(item.split()) <= 4 for item in items) and line[-1] not in ".!?"


def _breadcrumb_tail(line: str) -> str | None:
    """For "Home NEWS TODAY <headline>" or "Home > World > <headline>", the headline part; else None."""
    if not re.match(r"home\b", line, re.IGNORECASE):
        return None
    rest = line[4:].strip()
    steps, separated = 0, False
    while rest:
        sep = re.match(r"[|•·»›>/–—]\s*", rest)
        if sep:
            rest, steps, separated = rest[sep.end() :], steps + 1, True
            continue
        token = re.match(r"(\S+)\s*", rest)
        assert token is not None  # rest is non-empty and stripped
        word = token.group(1)
        # Section names in a breadcrumb are ALL CAPS or plain nav words; "Home Secretary" / "Home Office" are not.
        if (word.isupper() and len(word) >= 2) or word.lower() in _NAV_WORDS:
            rest, steps = rest[token.end() :], steps + 1
            continue
        break
    # One capitalised word after "Home" may be an ordinary sentence ("Home HIV tests are now free."); a
    # breadcrumb has a separator, two section names, or nothing else on the line.
    if steps >= 2 or (steps == 1 and not rest) or separated:
        return rest.strip()
    return None


def _is_heading_like(line: str) -> bool:
    """A short line with no sentence-final punctuation: a headline, sub-heading or link title."""
    words = _WORD.findall(line)
    if not words or len(words) > _HEADING_MAX_WORDS or len(line) > 120 or line[0] in _OPEN_QUOTES:
        return False
    last = line.rstrip()[-1]
    if last in _TERMINAL or (last in "”\"’'" and len(line) > 1 and line.rstrip()[-2] in ".!?,"):
        return False
    first = next(ch for ch in line if ch.isalnum())
    return first.isupper() or first.isdigit()


def _label_key(line: str) -> str:
    return re.sub(r"[\s:|»›>→.!]+$", "", line).strip().lower()


def _same_text(a: str, b: str) -> bool:
    return " ".join(_WORD.findall(a.lower())) == " ".join(_WORD.findall(b.lower()))
