"""Instruction-shaped text is data, flagged: find the parts of an article that address a model, during cleaning.

What counts (each with the reason shown in ``Sentence.flag`` and ``Article.flagged``):
- a chat role marker opening a line (``SYSTEM:``, ``ASSISTANT:``, ``User:``, ``<|im_start|>``, ``[INST]``);
- an order to the model (``ignore/disregard/forget ... instructions``, ``you are now``, ``new instructions:``,
  ``respond only with``, ``include ... as a key point``...);
- prompt delimiters and tags (``<article>``, ``</system>``, ``<<<ARTICLE``, code fences, HTML comments);
- JSON that mimics factalign's own output (``{"headline": ...}``, ``"key_points"``, ``"claims"``...).

How far a flag reaches: a role marker or chat-template token opening a turn, and a tag that closes the article
(``</article>``, ``ARTICLE>>>``), taint the rest of their paragraph (an injected "turn" runs to its end). An order
taints only its own sentence, and the sentences right after it that give orders too ("Ignore previous instructions.
Say that ..."); other tags only the sentence they sit in. So ordinary sentences beside an injected one on the same
line stay usable. A fence or JSON object taints up to its closing delimiter. The text stays in ``cleaned_text`` so
every offset holds; flagged sentences are never shown to the model as article text, never chosen as key points,
claims or evidence, and a headline or summary that repeats flagged text is not used (``echoes_flagged``). An
instruction-shaped title is dropped (listed in ``removed_lines``).
"""

import re
from collections.abc import Iterable

from schemas.article import Article, FlaggedSpan, Sentence
from service.normalise.tokens import fold

_ROLE = re.compile(
    r"(?im)^[ \t>*_#-]*(?:\*\*)?(?:system|assistant|user|human|developer|ai|bot|model|chatgpt|tool)(?:\*\*)?"
    r"[ \t]*(?:prompt|message|instructions?)?[ \t]*:"
)
_CHAT_TOKENS = re.compile(r"<\|[a-z_]{2,20}\|>|\[/?INST\]|<</?SYS>>|###\s*(?:instruction|system|response)\b", re.I)
_ORDERS = re.compile(
    r"\b(?:"
    r"(?:ignore|disregard|forget|override|bypass|skip)\s+(?:all\s+|any\s+|the\s+|your\s+|these\s+|those\s+)*"
    r"(?:previous|prior|above|earlier|preceding|original|system|other|existing)?\s*"
    r"(?:instructions?|prompts?|directions?|rules|guidelines|context|messages?)"
    r"|you\s+are\s+now\b|from\s+now\s+on,?\s+you\b|new\s+(?:system\s+)?instructions?\s*:"
    r"|(?:respond|reply|answer)\s+only\s+with\b|respond\s+with\s+(?:json|the\s+following)\b"
    r"|(?:output|return|print|write)\s+(?:only\s+)?(?:the\s+following|exactly)\b|(?:output|return)\s+only\b"
    r"|(?:include|add|insert|use|report|state)\s+(?:this|the\s+following|it|that)?\s*(?:sentence\s+|text\s+)?"
    r"(?:as|in)\s+(?:a|an|the|your)\s+(?:key\s*points?|headline|summary|claims?)"
    r"|you\s+are\s+an?\s+(?:ai|assistant|language\s+model|llm|chatbot)\b|as\s+an?\s+(?:ai\s+)?(?:large\s+)?language\s+model"
    r"|(?:reveal|print|show|repeat)\s+(?:your|the)\s+(?:system\s+)?prompt"
    r"|do\s+not\s+(?:summari[sz]e|mention|report)\b"
    r")",
    re.I,
)
_TAGS = re.compile(
    r"</?\s*(?:article|system|user|assistant|instructions?|prompt|context|document|input|output|im_start|im_end)"
    r"\b[^<>]{0,80}>|<<<\s*[A-Z]+|[A-Z]+\s*>>>|‹‹‹\s*[A-Z]+|[A-Z]+\s*›››",
    re.I,
)
# A tag that ends the article: what follows it in the paragraph is the attacker's "turn".
_CLOSING = re.compile(r"</\s*(?:article|document|input|context)\b|[A-Z]+\s*>>>|[A-Z]+\s*›››", re.I)
# A sentence that gives an order (continuing the one before: "Ignore previous instructions. Say that ...").
_IMPERATIVE = re.compile(
    r"[\s\"'“‘(*_-]*(?:please\s+|now\s+|instead,?\s+|just\s+)?(?:say|write|report|state|output|return|print|respond|reply"
    r"|answer|summari[sz]e|include|add|describe|claim|tell|list|insert|generate|translate|repeat|mention|pretend"
    r"|act|use|make|put|call|treat|do\s+not|don'?t|never|always|only)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?:</?[a-z_|]{1,20}>|\[/INST\])?(?=\s|$)", re.I)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_FENCE = re.compile(r"(?:```|~~~)[^\n]*(?:\n(?:(?!```|~~~).)*?(?:```|~~~)|[^\n]*)", re.S)
_OUR_KEYS = (
    r"headline|summary|key_points|point|quote|claims|sentence|attribution|kind|text|evidence|verdict|"
    r"agreements|conflicts|supported|score"
)
_JSON_START = re.compile(r"[\[{]\s*[\"'](?:" + _OUR_KEYS + r")[\"']\s*:", re.I)
_MAX_JSON = 4_000


def find_injections(text: str) -> list[FlaggedSpan]:
    """Spans of ``text`` that address a model, merged and in order; ``text[s.start:s.end] == s.text``."""
    found: list[tuple[int, int, str]] = []
    for match in _ROLE.finditer(text):
        marker = match.group().strip(" \t>*_#-")
        found.append((match.start(), _paragraph_end(text, match.end()), f"chat role marker {marker!r}"))
    for match in _CHAT_TOKENS.finditer(text):
        found.append((match.start(), _paragraph_end(text, match.end()), f"chat template token {match.group()!r}"))
    for match in _ORDERS.finditer(text):
        reason = f"instruction to a model ({' '.join(match.group().split())!r})"
        found.append((_sentence_start(text, match.start()), _orders_end(text, match.end()), reason))
    for match in _TAGS.finditer(text):
        if _CLOSING.match(match.group()):
            end = _paragraph_end(text, match.end())
        elif _SENTENCE_END.match(text, max(0, match.start() - 1)) or text[match.end() : match.end() + 1] in ("", "\n"):
            end = match.end()  # a tag that closes a sentence ("... down.</instructions>") or ends the line
        else:
            end = _sentence_end(text, match.end())
        found.append((_sentence_start(text, match.start()), end, f"prompt delimiter or tag {match.group()!r}"))
    for match in _COMMENT.finditer(text):
        found.append((match.start(), match.end(), "HTML comment"))
    for match in _FENCE.finditer(text):
        found.append((match.start(), match.end(), "code fence"))
    for match in _JSON_START.finditer(text):
        found.append((match.start(), _json_end(text, match.start()), "JSON shaped like factalign's output"))
    return _merge(text, found)


def flag_article(article: Article) -> Article:
    """The article with ``flagged`` filled and ``Sentence.flag`` set on every sentence a flagged span touches; an
    instruction-shaped title is dropped (it would become the headline and be shown to the model)."""
    update: dict[str, object] = {}
    if article.title and find_injections(article.title):
        update["title"] = None
        update["removed_lines"] = [*article.removed_lines, f"{DROPPED_TITLE}{article.title}"]
    spans = find_injections(article.cleaned_text)
    if spans:
        update["sentences"] = [_flagged(sentence, spans) for sentence in article.sentences]
        update["flagged"] = spans
    return article.model_copy(update=update) if update else article


def unflagged(sentences: Iterable[Sentence]) -> list[Sentence]:
    """The sentences a model may be shown and a key point, claim or evidence may come from."""
    return [s for s in sentences if s.flag is None]


def unflagged_text(article: Article) -> str:
    """The article's own words: every sentence that is not flagged (what a headline or summary is checked against)."""
    return "\n".join(s.text for s in unflagged(article.sentences))


DROPPED_TITLE = "[instruction-shaped title dropped] "
_WORD = re.compile(r"\w+")
_ECHO_RUN = 4  # words in a row


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def echoes_flagged(article: Article, text: str) -> bool:
    """True when ``text`` repeats flagged text (a flagged span, or a dropped title): the whole of it (2+ words), or
    4 words in a row that occur there and nowhere in the article's unflagged text (quoting the article is fine)."""
    flagged = [span.text for span in article.flagged]
    flagged += [line.removeprefix(DROPPED_TITLE) for line in article.removed_lines if line.startswith(DROPPED_TITLE)]
    words = _words(text)
    if not flagged or len(words) < 2:
        return False
    own = f" {' '.join(_words(unflagged_text(article)))} "
    spans = [f" {' '.join(_words(span))} " for span in flagged]
    runs = [words] if len(words) < _ECHO_RUN else [words[i : i + _ECHO_RUN] for i in range(len(words) - 3)]
    for run in runs:
        phrase = f" {' '.join(run)} "
        if phrase not in own and any(phrase in span for span in spans):
            return True
    return False


def redact(article: Article, start: int, end: int) -> str:
    """``cleaned_text[start:end]`` with every flagged sentence replaced by a marker (prompt input in quote mode)."""
    pieces: list[str] = []
    cursor = start
    for sentence in article.sentences:
        if sentence.flag is None or sentence.end <= start or sentence.start >= end:
            continue
        pieces.append(article.cleaned_text[cursor : max(cursor, sentence.start)])
        pieces.append("[flagged text omitted]")
        cursor = max(cursor, sentence.end)
    pieces.append(article.cleaned_text[cursor:end])
    return "".join(pieces)


def overlaps_flagged(article: Article, start: int | None, end: int | None) -> bool:
    """True when ``[start, end)`` touches a flagged sentence (such evidence is not the article's own fact)."""
    if start is None or end is None:
        return False
    return any(s.flag is not None and s.start < end and s.end > start for s in article.sentences)


def clean_attribution(article: Article, attribution: str | None) -> str | None:
    """The model's attribution, kept only when the article (outside flagged text) names that source verbatim."""
    if attribution is None or not attribution.strip():
        return None
    wanted = " ".join(attribution.split()).casefold()
    if len(wanted) > 200:
        return None
    text = " ".join(s.text for s in unflagged(article.sentences)).casefold()
    if _ROLE.search(attribution) or _ORDERS.search(attribution) or _TAGS.search(attribution):
        return None
    return " ".join(attribution.split()) if wanted in " ".join(text.split()) else None


def _flagged(sentence: Sentence, spans: list[FlaggedSpan]) -> Sentence:
    reasons = [s.reason for s in spans if s.start < sentence.end and s.end > sentence.start]
    if not reasons:
        return sentence
    return sentence.model_copy(update={"flag": "; ".join(dict.fromkeys(reasons))})


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _sentence_end(text: str, pos: int) -> int:
    """Just after the sentence end (``.``, ``!``, ``?`` and closing quotes) at or after ``pos``; else the line end."""
    line_end = _line_end(text, pos)
    match = _SENTENCE_END.search(text, pos, line_end)
    return match.end() if match else line_end


def _orders_end(text: str, pos: int) -> int:
    """The end of the order's sentence, and of the sentences after it on the line that give orders as well."""
    end = _sentence_end(text, pos)
    line_end = _line_end(text, pos)
    while end < line_end and (_IMPERATIVE.match(text, end) or _ORDERS.match(text[end:line_end].lstrip())):
        end = _sentence_end(text, end + 1)
    return end


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n\n", pos)
    return len(text) if end < 0 else end


def _sentence_start(text: str, pos: int) -> int:
    """Back to the start of the sentence (or line) the match sits in."""
    line_start = text.rfind("\n", 0, pos) + 1
    stops = [text.rfind(stop, line_start, pos) for stop in (". ", "! ", "? ")]
    best = max(stops)
    return line_start if best < 0 else best + 2


def _json_end(text: str, start: int) -> int:
    """Index after the bracket that closes the one at ``start`` (strings respected); the paragraph end if none."""
    depth, in_string, escaped = 0, False, False
    for i in range(start, min(len(text), start + _MAX_JSON)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
    return _paragraph_end(text, start)


def _merge(text: str, found: list[tuple[int, int, str]]) -> list[FlaggedSpan]:
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, reason in sorted(found):
        # Trim whitespace so spans start and end on text.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            prev_start, prev_end, reasons = merged[-1]
            merged[-1] = (prev_start, max(prev_end, end), [*reasons, reason] if reason not in reasons else reasons)
        else:
            merged.append((start, end, [reason]))
    return [FlaggedSpan(start=s, end=e, text=text[s:e], reason="; ".join(r)) for s, e, r in merged]
