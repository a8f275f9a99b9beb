"""Find names of people, organisations and places with their titles, and match spelling variants of one name."""

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz

NameKind = Literal["person", "org", "other"]

# Titles that name an office; two different offices for one person are a discrepancy worth reporting.
# fmt: off
OFFICES = {
    "president": "president", "president-elect": "president-elect", "vice president": "vice president",
    "prime minister": "prime minister", "premier": "prime minister", "chancellor": "chancellor",
    "governor": "governor", "mayor": "mayor", "foreign secretary": "foreign minister",
    "foreign minister": "foreign minister", "defence minister": "defence minister",
    "defense minister": "defence minister", "defence secretary": "defence minister", "minister": "minister",
    "secretary-general": "secretary-general", "secretary general": "secretary-general", "spokesman": "spokesperson",
    "spokeswoman": "spokesperson", "spokesperson": "spokesperson", "king": "king", "queen": "queen", "pope": "pope",
    "senator": "senator", "ambassador": "ambassador", "general": "general", "gen.": "general",
    "lt. gen.": "lieutenant general", "lieutenant general": "lieutenant general", "colonel": "colonel",
    "col.": "colonel", "commissioner": "commissioner", "judge": "judge",
}
# fmt: on
# Honorifics and vague roles: they never contradict an office ("NATO chief" is its secretary-general).
# fmt: off
HONORIFICS = {
    "ceo", "chair", "chairman", "chief", "dame", "deputy", "director", "dr", "dr.", "head", "lady", "leader", "lord",
    "lt", "lt.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "official", "prince", "princess", "rep.", "secretary",
    "sen.", "sir", "st.",
}
# fmt: on
TITLE_PHRASES = set(OFFICES) | HONORIFICS
# Lower-case words that may start a title written before a name ("foreign secretary David Lammy").
TITLE_WORDS = {w for title in OFFICES for w in title.split()} | HONORIFICS
# fmt: off
ORG_CUES = {
    "afp", "agency", "ap", "army", "assembly", "bank", "bbc", "cnn", "commission", "committee", "company", "congress",
    "council", "court", "department", "eu", "forces", "government", "group", "guardian", "house", "kremlin",
    "ministry", "nations", "nato", "news", "office", "parisien", "parliament", "party", "police", "post", "press",
    "reuters", "sbu", "senate", "service", "street", "telegram", "times", "un", "union",
}
# fmt: on
# Capitalised words that start sentences or quotes but do not name anything.
# fmt: off
NOT_NAMES = {
    "a", "according", "after", "ahead", "all", "also", "among", "an", "and", "any", "april", "as", "at", "august",
    "authorities", "before", "but", "by", "de", "december", "during", "exit", "facto", "february", "for", "friday",
    "from", "he", "her", "here", "high", "his", "home", "hours", "how", "however", "i", "if", "in", "it", "its",
    "january", "july", "june", "many", "march", "meanwhile", "monday", "more", "most", "my", "no", "not", "november",
    "october", "on", "one", "other", "our", "over", "please", "read", "saturday", "september", "several", "she",
    "since", "so", "some", "speaking", "such", "sunday", "that", "the", "their", "then", "there", "these", "they",
    "this", "those", "three", "thursday", "tuesday", "two", "under", "until", "we", "wednesday", "what", "when",
    "where", "while", "who", "why", "with", "yes", "you", "your",
    # Sentence openers and plural nouns that are capitalised only because a sentence starts with them.
    "separately", "later", "earlier", "today", "yesterday", "tomorrow", "instead", "despite", "amid", "following",
    "within", "without", "because", "unless", "though", "although", "once", "each", "every", "another", "both",
    "either", "neither", "few", "officials", "analysts", "experts", "critics", "supporters", "residents", "people",
    "still", "yet", "thus", "therefore", "overall", "less", "about", "around", "nearly", "almost", "roughly",
}
# fmt: on
CONNECTORS = {"of", "von", "der", "de", "van", "al", "bin", "la", "le", "du", "da", "del", "di"}
# fmt: off
ALIASES = {
    "kiev": "kyiv", "kharkov": "kharkiv", "odessa": "odesa", "us": "united states", "usa": "united states",
    "uk": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
}
# fmt: on

_APPOSITIVE = re.compile(r",\s+(?:the\s+)?(?:[A-Z][\w’']*\s+)?([a-z][a-z -]{2,40}?)(?=\s+of\b|,|\s+said\b)")
_WORD = re.compile(r"[A-Z][a-z]?\.(?:[A-Z]\.)*|[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ]+)*\.?")


@dataclass(frozen=True)
class NameMention:
    """A name as written, split into its title ("Polish Prime Minister") and the name ("Donald Tusk")."""

    text: str
    name: str
    kind: NameKind
    title: str | None = None
    start: int = 0
    end: int = 0
    offices: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        """Comparable key: the surname of a person, the whole name otherwise."""
        parts = self.name.split()
        return spelling_key(parts[-1] if self.kind == "person" and parts else self.name)


@functools.lru_cache(maxsize=8192)  # alignment compares the same few names thousands of times
def spelling_key(name: str) -> str:
    """Fold transliteration variants together: Zelenskyy / Zelensky / Zelenskiy / Zelenski -> 'zelensky'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]s$", "", text.strip(" .,"))
    text = ALIASES.get(text, text)
    text = re.sub(r"[^a-z ]", "", text)
    text = re.sub(r"(.)\1+", r"\1", text)  # doubled letters: Zelenskyy, Tusk(k)
    for old, new in (("iy", "y"), ("yi", "y"), ("ij", "y"), ("ck", "k"), ("ph", "f"), ("kh", "h"), ("tch", "ch")):
        text = text.replace(old, new)
    return re.sub(r"i\b", "y", text)


def _offices(title: str | None) -> frozenset[str]:
    if not title:
        return frozenset()
    low = title.lower()
    found = {office for phrase, office in OFFICES.items() if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", low)}
    # "president-elect" also contains "president"; keep the more specific office.
    if "president-elect" in found:
        found.discard("president")
    if "lieutenant general" in found:
        found.discard("general")
    if len(found) > 1:
        found.discard("minister")  # "Prime Minister" also contains "minister"
    return frozenset(found)


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def find_names(text: str, language: str | None = None) -> list[NameMention]:
    """Capitalised name spans with the title written before them (capitalised or not) or as an appositive.

    ``language`` (ISO 639-1) corrects for German nouns and French/Spanish/German function words, see ``localised``.
    """
    if language not in (None, "en"):
        from service.normalise.localised import local_names  # localised imports this module

        return local_names(find_names(text), language)
    words = list(_WORD.finditer(text))
    out: list[NameMention] = []
    i = 0
    while i < len(words):
        if not _is_cap(words[i].group()) or _sentence_start_word(text, words[i]):
            i += 1
            continue
        j = i + 1
        while j < len(words) and _continues(text, words, j):
            j += 1
        while j > i + 1 and words[j - 1].group().lower().rstrip(".") in CONNECTORS:
            j -= 1
        mention = _mention(text, words, i, j)
        if mention is not None:
            out.append(mention)
        i = j
    return out


def _sentence_start_word(text: str, word: re.Match[str]) -> bool:
    return word.group().lower().rstrip(".") in NOT_NAMES and not word.group().isupper()


def _continues(text: str, words: list[re.Match[str]], j: int) -> bool:
    gap = text[words[j - 1].end() : words[j].start()]
    if gap not in (" ", "") or words[j - 1].group().endswith(("’s", "'s")):
        return False
    word = words[j].group()
    if _is_cap(word):
        return word.lower() not in NOT_NAMES or word.lower() in CONNECTORS
    # "Ursula von der Leyen": a run of lower-case connectors must lead to another capitalised word.
    k = j
    while k < len(words) and words[k].group().lower() in CONNECTORS:
        k += 1
    return k > j and k < len(words) and _is_cap(words[k].group())


def _mention(text: str, words: list[re.Match[str]], i: int, j: int) -> NameMention | None:
    tokens = [w.group() for w in words[i:j]]
    # Split leading title words ("Polish Prime Minister", "Lt. Gen.") from the name that follows them.
    last_title = _title_end(tokens)
    title_tokens, name_tokens = tokens[: last_title + 1], tokens[last_title + 1 :]
    if not name_tokens:
        return None
    lead = _lowercase_title_before(text, words, i)
    title = " ".join(t for t in (lead, " ".join(title_tokens)) if t) or None
    start = words[i + len(title_tokens)].start()
    end = words[j - 1].end()
    name = re.sub(r"['’]s$", "", text[start:end]).rstrip(".")
    appositive = _appositive_title(text, end)
    if appositive:
        title = f"{title} {appositive}" if title else appositive
    kind = _kind(name, title)
    return NameMention(
        text=text[words[i].start() : end],
        name=name,
        kind=kind,
        title=title,
        start=words[i].start() if title_tokens else start,
        end=end,
        offices=_offices(title),
    )


def _title_end(tokens: list[str]) -> int:
    """Index of the last token of a leading title phrase ("Polish Prime Minister"), or -1."""
    low = [t.lower() for t in tokens]
    last = -1
    for k in range(len(tokens) - 1):  # the last token is always part of the name
        for m in range(max(0, k - 2), k + 1):
            phrase = " ".join(low[m : k + 1])
            if phrase in TITLE_PHRASES or phrase.rstrip(".") in TITLE_PHRASES:
                last = k
    return last


def _lowercase_title_before(text: str, words: list[re.Match[str]], i: int) -> str:
    """ "NATO chief Mark Rutte", "UK foreign secretary David Lammy": lower-case titles just before a name."""
    k, taken = i - 1, list[str]()
    while k >= 0 and i - k <= 3 and text[words[k].end() : words[k + 1].start()] == " ":
        w = words[k].group()
        if w.islower() and w.rstrip(".") in TITLE_WORDS:
            taken.insert(0, w)
            k -= 1
        else:
            break
    return " ".join(taken)


def _appositive_title(text: str, end: int) -> str | None:
    """ "Ihor Taburets, governor of Ukraine's Cherkasy region," -> 'governor'."""
    m = _APPOSITIVE.match(text[end : end + 60])
    if m and any(phrase in m.group(1) for phrase in OFFICES):
        return m.group(1).strip()
    return None


def _kind(name: str, title: str | None) -> NameKind:
    low_words = {re.sub(r"['’]s$", "", w.lower()).strip(".") for w in name.split()}
    if low_words & ORG_CUES or (name.replace(".", "").isupper() and len(name) > 1):
        return "org"
    if title and _offices(title) | (set(title.lower().split()) & HONORIFICS):
        return "person"
    parts = name.split()
    if 2 <= len(parts) <= 4 and all(_is_cap(p) or p.lower() in CONNECTORS for p in parts):
        return "person"
    return "other"


def same_entity(a: NameMention, b: NameMention) -> bool:
    """True when two mentions can name one entity: "Mr Zelensky" ~ "President Volodymyr Zelenskyy"."""
    if a.kind == "person" or b.kind == "person":
        return _same_person(a.name, b.name)
    ka, kb = spelling_key(a.name), spelling_key(b.name)
    return ka == kb or fuzz.ratio(ka, kb) >= 88 or _acronym(a.name) == kb or _acronym(b.name) == ka


def _same_person(a: str, b: str) -> bool:
    pa, pb = a.split(), b.split()
    if not pa or not pb:
        return False
    sa, sb = spelling_key(pa[-1]), spelling_key(pb[-1])
    if sa != sb and fuzz.ratio(sa, sb) < 85:
        return False
    if len(pa) > 1 and len(pb) > 1:
        fa, fb = spelling_key(pa[0]), spelling_key(pb[0])
        # Initials match a given name: "V. Zelensky" ~ "Volodymyr Zelenskyy".
        if len(fa) == 1 or len(fb) == 1:
            return fa[:1] == fb[:1]
        return fa == fb or fuzz.ratio(fa, fb) >= 80
    return True


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper()).lower()
