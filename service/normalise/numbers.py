"""Find quantities in text and normalise them: "18 per cent" -> 18 %, "30k" -> 30000, "£2bn" -> 2e9 GBP."""

import re
from dataclasses import dataclass

from schemas.mentions import Quantity, QuantityKind
from service.normalise.dates import find_times
from service.normalise.localised import anglicise

# fmt: off
SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12,
}
# fmt: on
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
# fmt: off
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100,
}
# fmt: on
# Vague plurals: their value is a lower bound and always approximate ("hundreds of" >= 200).
VAGUE = {"dozens": 24.0, "scores": 40.0, "hundreds": 200.0, "thousands": 2e3, "millions": 2e6, "billions": 2e9}
FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "thirds": 200 / 3, "quarters": 75.0}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
# fmt: off
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP",
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "hryvnia": "UAH", "hryvnias": "UAH", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yen": "JPY",
}
# fmt: on
# fmt: off
DURATIONS = {
    "year": "years", "month": "months", "week": "weeks", "day": "days", "hour": "hours", "minute": "minutes",
    "second": "seconds", "decade": "decades",
}
# fmt: on
# fmt: off
UNITS = {
    "km": "km", "kilometre": "km", "kilometer": "km", "mile": "mi", "metre": "m", "meter": "m", "kg": "kg",
    "kilogram": "kg", "tonne": "t", "ton": "t", "person": "people", "people": "people", "mph": "mph",
}
# fmt: on
# fmt: off
APPROX_BEFORE = (
    "about", "around", "approximately", "roughly", "nearly", "almost", "some", "over", "more than", "less than",
    "fewer than", "at least", "up to", "close to", "an estimated", "estimated", "just over", "just under", "under",
    "above", "below", "at most", "upwards of", "as many as", "as much as", "circa", "about a",
)
# fmt: on
# Words that end in "s" but are not plural nouns naming what is counted.
# fmt: off
NOT_UNITS = {
    "across", "always", "as", "besides", "has", "hers", "his", "is", "its", "less", "news", "perhaps", "plus",
    "series", "ss", "this", "thus", "towards", "unless", "us", "was", "whereas", "yes",
}
# fmt: on

_TOKEN = re.compile(
    r"(?P<cur>US\$|[$£€¥₴₽])|(?P<num>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<word>[A-Za-z]+)|(?P<pct>%)"
    r"|(?P<p>[^\sA-Za-z\d])"
)


@dataclass
class _Tok:
    kind: str
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.lastgroup or "p", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _joined(a: _Tok, b: _Tok) -> bool:
    return a.end == b.start


def _word_number(toks: list[_Tok], i: int) -> tuple[float, int] | None:
    """Parse "three", "twenty-one", "three hundred", "two million" from toks[i]; returns (value, next index)."""
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(toks) and toks[j].kind == "word":
        w = toks[j].low
        if w in SMALL:
            current += SMALL[w]
        elif w in TENS:
            current += TENS[w]
            # "twenty-one"
            hyphen = j + 2 < len(toks) and toks[j + 1].text == "-" and _joined(toks[j], toks[j + 1])
            if hyphen and toks[j + 2].low in SMALL:
                current += SMALL[toks[j + 2].low]
                j += 2
        elif w in SCALES and seen:
            scale = SCALES[w]
            if scale == 100:
                current *= scale
            else:
                total += max(current, 1.0) * scale
                current = 0.0
        elif w == "and" and seen and j + 1 < len(toks) and (toks[j + 1].low in SMALL or toks[j + 1].low in TENS):
            pass  # "three hundred and twenty"
        else:
            break
        seen = True
        j += 1
    return (total + current, j) if seen else None


def _digits(toks: list[_Tok], i: int) -> tuple[float, int]:
    value, j = float(toks[i].text.replace(",", "")), i + 1
    if j < len(toks) and toks[j].kind == "word" and _joined(toks[j - 1], toks[j]) and toks[j].low in SUFFIX_SCALES:
        return value * SUFFIX_SCALES[toks[j].low], j + 1  # "30k", "2bn"
    if j < len(toks) and toks[j].kind == "word" and toks[j].low in SCALES and toks[j].low != "hundred":
        return value * SCALES[toks[j].low], j + 1  # "1.5 million"
    if j < len(toks) and toks[j].low == "hundred":
        return value * 100, j + 1
    return value, j


def _approximate(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].lower().rstrip()
    return any(before.endswith(cue) for cue in APPROX_BEFORE) or before.endswith("~")


def _unit_after(toks: list[_Tok], j: int) -> tuple[str | None, QuantityKind | None, int]:
    """What is counted: the unit right after the number, or the first plural noun within three words."""
    k = j
    if k < len(toks) and toks[k].kind == "pct":
        return "%", "percent", k + 1
    if k + 1 < len(toks) and toks[k].low == "per" and toks[k + 1].low == "cent":
        return "%", "percent", k + 2
    if k < len(toks) and toks[k].low in ("percent", "pc"):
        return "%", "percent", k + 1
    if k + 1 < len(toks) and toks[k].low == "percentage" and toks[k + 1].low.startswith("point"):
        return "pp", "percent", k + 2
    # "54-year-old", "three-year war": a hyphenated unit turns the number into an age or a duration adjective.
    if k + 2 < len(toks) and toks[k].text == "-" and toks[k + 1].low.rstrip("s") in DURATIONS:
        unit = DURATIONS[toks[k + 1].low.rstrip("s")]
        if k + 4 < len(toks) and toks[k + 2].text == "-" and toks[k + 3].low == "old":
            return "years", "age", k + 4
        return unit, "duration", k + 2
    if k < len(toks) and toks[k].kind == "word":
        w = toks[k].low
        if w in CURRENCY_WORDS:
            return CURRENCY_WORDS[w], "money", k + 1
        if w.rstrip("s") in DURATIONS or w in DURATIONS:
            unit = DURATIONS.get(w, DURATIONS.get(w.rstrip("s"), w))
            if k + 1 < len(toks) and toks[k + 1].low == "old":
                return "years", "age", k + 2
            return unit, "duration", k + 1
        if w in UNITS or w.rstrip("s") in UNITS:
            return UNITS.get(w, UNITS.get(w.rstrip("s"))), "number", k + 1
    for m in range(k, min(k + 3, len(toks))):
        tok = toks[m]
        if tok.kind != "word" or tok.low in ("of", "and", "or", "to", "the", "a", "an", "in", "on", "at", "by"):
            break
        if tok.low.endswith("s") and len(tok.low) > 3 and tok.low not in NOT_UNITS and not tok.low.endswith("ss"):
            return _singular(tok.low), None, k
    return None, None, k


def _singular(word: str) -> str:
    if word in ("people", "persons"):
        return "people"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def _age_context(text: str, start: int, end: int) -> bool:
    """ "Kirillov, 54, ..." or "aged 54": a bare number that is someone's age."""
    before, after = text[max(0, start - 6) : start].lower(), text[end : end + 2]
    if re.search(r"\b(?:aged?|age of)\s*$", before):
        return True
    return bool(re.search(r"[A-Za-z], $", text[max(0, start - 3) : start])) and after.startswith((",", ")"))


def find_quantities(text: str, language: str | None = None) -> list[Quantity]:
    """Every number-like mention in ``text`` except dates, years and times (see ``find_times``).

    ``language`` (ISO 639-1) reads local forms ("1.234,5", "18 Prozent", "drei Millionen"); see ``localised``.
    """
    masked = [(t.start or 0, t.end or 0) for t in find_times(text, language)]
    source, text = text, anglicise(text, language)  # same length: offsets hold in both
    toks = _tokens(text)
    out: list[Quantity] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if any(s <= tok.start < e for s, e in masked):
            i += 1
            continue
        found = _quantity_at(text, toks, i)
        if found is None:
            i += 1
            continue
        quantity, i = found
        out.append(quantity)
    return out if source is text else [_original(q, source, text) for q in out]


def _original(quantity: Quantity, source: str, read: str) -> Quantity:
    """The quantity's span in the original words: a local word read as a shorter English one was padded with
    spaces ("Menschen" -> "people  "), so the span grows over the padding."""
    if quantity.start is None or quantity.end is None:
        return quantity
    end = quantity.end
    while end < len(source) and read[end] == " " and not source[end].isspace():
        end += 1
    return quantity.model_copy(update={"text": source[quantity.start : end], "end": end})


def _quantity_at(text: str, toks: list[_Tok], i: int) -> tuple[Quantity, int] | None:
    tok = toks[i]
    currency = None
    if tok.kind == "cur" and i + 1 < len(toks) and toks[i + 1].kind == "num":
        currency, i = CURRENCY_SYMBOLS[tok.low], i + 1
    start = tok.start
    num = toks[i]
    kind: QuantityKind | None = None
    approximate = _approximate(text, start)
    if num.kind == "num":
        prev = toks[i - 1] if i > 0 and currency is None else None
        # Model names and codes: "F-16", "G7", "COVID-19".
        if prev is not None and _joined(prev, num) and (prev.kind == "word" or prev.text == "-"):
            return None
        if i + 1 < len(toks) and _joined(num, toks[i + 1]) and toks[i + 1].low in ("st", "nd", "rd", "th"):
            value, j, kind = float(num.text.replace(",", "")), i + 2, "ordinal"
        else:
            value, j = _digits(toks, i)
    elif num.kind == "word" and num.low in VAGUE and i + 1 < len(toks) and toks[i + 1].low == "of":
        value, j, approximate = VAGUE[num.low], i + 1, True
        unit, _, _ = _unit_after(toks, i + 2)
        return Quantity(
            text=num.text, value=value, unit=unit, kind="number", approximate=True, start=start, end=num.end
        ), j
    elif num.kind == "word" and num.low in ORDINALS and num.low != "second":
        value, j, kind = float(ORDINALS[num.low]), i + 1, "ordinal"
    elif num.kind == "word" and (share := _fraction(toks, i)) is not None:
        value, j = share
        return Quantity(
            text=text[start : toks[j - 1].end],
            value=round(value, 2),
            unit="%",
            kind="percent",
            approximate=approximate,
            start=start,
            end=toks[j - 1].end,
        ), j
    elif num.kind == "word" and num.low in ("a", "an") and i + 1 < len(toks):
        nxt = toks[i + 1].low
        if nxt in DURATIONS or nxt in ("dozen", "hundred", "thousand", "million", "billion"):
            if nxt in DURATIONS:
                parsed: tuple[float, int] | None = (1.0, i + 1)
            elif nxt in SCALES:
                parsed = (SCALES[nxt], i + 2)  # "a million"
            else:
                parsed = _word_number(toks, i + 1)  # "a dozen"
            if parsed is None:
                return None
            value, j = parsed
        else:
            return None
    elif num.kind == "word" and (num.low in SMALL or num.low in TENS):
        if num.low == "one" and _idiomatic_one(toks, i):
            return None
        parsed = _word_number(toks, i)
        if parsed is None:
            return None
        value, j = parsed
    else:
        return None
    if j < len(toks) and toks[j].text == "+" and _joined(toks[j - 1], toks[j]):
        approximate, j = True, j + 1  # "30,000+"
    unit, unit_kind, j2 = _unit_after(toks, j)
    if currency is not None:
        unit, kind = currency, "money"
    elif unit_kind is not None and kind != "ordinal":
        kind = unit_kind
    end = toks[max(j, j2) - 1].end if unit_kind is not None or currency is not None else toks[j - 1].end
    if kind is None and unit is None and _age_context(text, num.start, toks[j - 1].end):
        kind, unit = "age", "years"
    return Quantity(
        text=text[start:end],
        value=value,
        unit=unit,
        kind=kind or "number",
        approximate=approximate,
        start=start,
        end=end,
    ), max(j, j2)


def _fraction(toks: list[_Tok], i: int) -> tuple[float, int] | None:
    """ "half of", "a third of", "two-thirds of", "three quarters of": a share, as a percentage."""
    j = i
    if toks[j].low in ("a", "one", "two", "three") and j + 1 < len(toks):
        j += 2 if toks[j + 1].text == "-" else 1
    if j + 1 >= len(toks) or toks[j + 1].low != "of":
        return None
    if toks[j].low == "half" and j == i:
        return 50.0, j + 1
    if j > i and toks[j].low in FRACTIONS and toks[j].low != "half":
        return FRACTIONS[toks[j].low], j + 1
    return None


def _idiomatic_one(toks: list[_Tok], i: int) -> bool:
    prev = toks[i - 1].low if i > 0 else ""
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    return prev in ("no", "any", "every", "some", "this", "that", "the", "which") or nxt in ("another", "day")
