"""Compare the numbers of two claims: equal, equal up to rounding or hedging, or a numeric conflict."""

import re

from schemas.mentions import Quantity
from service.alignment.findings import Finding, severity_for_ratio
from service.normalise.numbers import VAGUE

EXACT_TOLERANCE = 0.005  # relative: float noise and "2.5bn" vs "2,500m"
HEDGED_TOLERANCE = 0.1  # "about 18%" still agrees with 17%, not with 25%
_NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")


def describe(q: Quantity) -> str:
    """A normalised, readable value: '18 %', '~30000 people', '54 years (age)'."""
    value = f"{q.value:,.2f}".rstrip("0").rstrip(".")
    unit = f" {q.unit}" if q.unit else ""
    suffix = " (age)" if q.kind == "age" else ""
    return f"{'~' if q.approximate else ''}{value}{unit}{suffix}"


def comparable(a: Quantity, b: Quantity) -> bool:
    """Same kind and unit: 18 % and 20 % compare, 18 % and 20 drones do not."""
    return a.kind == b.kind and a.unit == b.unit


def step(q: Quantity) -> float:
    """The rounding step the writer used: '18' -> 1, '17.6' -> 0.1, '30,000' -> 1000, '1.5 million' -> 100000."""
    m = _NUMERAL.search(q.text)
    if m is None:
        return 1.0  # number words ("three") are exact
    numeral = m.group().replace(",", "")
    written = float(numeral)
    if "." in numeral:
        base = 10.0 ** -len(numeral.split(".")[1])
    elif written >= 100:
        base = 10.0 ** (len(numeral) - len(numeral.rstrip("0")))
    else:
        base = 1.0
    scale = q.value / written if written else 1.0
    return base * scale


def _vague(q: Quantity) -> bool:
    return q.text.lower() in VAGUE


def relate(a: Quantity, b: Quantity) -> str:
    """'equal', 'precision' (rounding, hedging, vague plurals) or 'conflict'."""
    top = max(abs(a.value), abs(b.value)) or 1.0
    diff = abs(a.value - b.value)
    if diff <= EXACT_TOLERANCE * top:
        return "equal"
    if _vague(a) or _vague(b):
        vague, other = (a, b) if _vague(a) else (b, a)
        # "hundreds of" is at least 200 and well under 100 times that.
        return "precision" if vague.value * 0.5 <= other.value < vague.value * 50 else "conflict"
    coarse, fine = (a, b) if step(a) > step(b) else (b, a)
    if step(coarse) > step(fine) and diff <= step(coarse) / 2 + 1e-9:
        return "precision"  # 17.6 % reported as 18 %
    if (a.approximate or b.approximate) and diff <= HEDGED_TOLERANCE * top:
        return "precision"
    return "conflict"


def compare_quantities(left: list[Quantity], right: list[Quantity]) -> list[Finding]:
    """One finding per left quantity that has a comparable right one, plus one for numbers only one side has."""
    out: list[Finding] = []
    paired_right: set[int] = set()
    unpaired_left = 0
    for a in left:
        options = [(i, b) for i, b in enumerate(right) if comparable(a, b)]
        if not options:
            unpaired_left += 1
            continue
        relations = [(relate(a, b), i, b) for i, b in options]
        for wanted in ("equal", "precision"):
            hit = next(((i, b) for rel, i, b in relations if rel == wanted), None)
            if hit is not None:
                paired_right.add(hit[0])
                out.append(_agreeing(a, hit[1], wanted))
                break
        else:
            i, b = min(options, key=lambda o: abs(o[1].value - a.value))
            paired_right.add(i)
            out.append(
                Finding(
                    "numeric",
                    "conflict",
                    "numeric",
                    describe(a),
                    describe(b),
                    severity_for_ratio(a.value, b.value),
                    f"{a.text} in one article, {b.text} in the other",
                )
            )
    if unpaired_left or len(paired_right) < len(right):
        out.append(
            Finding(
                "numeric",
                "compatible",
                None,
                None,
                None,
                None,
                "one article gives a number the other does not",
                detail="different_detail",
            )
        )
    return out


def _agreeing(a: Quantity, b: Quantity, how: str) -> Finding:
    if how == "equal":
        return Finding("numeric", "agree", None, describe(a), describe(b), None, f"{a.text} = {b.text}")
    return Finding(
        "numeric",
        "compatible",
        None,
        describe(a),
        describe(b),
        None,
        f"{a.text} and {b.text} agree up to rounding or hedging",
        detail="different_precision",
    )
