"""Signs of one fact beyond shared words: the same speaker, a distinctive name, one person given the same office.

Two reports of one interview rarely word a fact alike ("cannot remove Russian troops from ... the east and Crimea"
vs "does not possess the strength it needs to expel Russian forces from the Crimea and parts of eastern
Ukraine"), but they keep who said it and the names that are specific to that fact. A name is *distinctive* when
few of the claims being aligned carry it: "Crimea" in a story about Ukraine, not "Ukraine".
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.alignment.features import ClaimFeatures, IdfTable, names_match
from service.normalise.names import NameMention
from service.normalise.tokens import content_tokens

RARE_SHARE = 0.1  # a name carried by at most this share of the claims (and at least ...)
RARE_MIN = 2  # ... by two claims, one per article) is distinctive


@dataclass(frozen=True)
class SharedSignals:
    """What ``a`` and ``b`` share besides their words."""

    same_speaker: bool = False
    rare_names: tuple[str, ...] = ()
    # (person, office) when both claims give one distinctive person the same office: "president-elect Donald Trump".
    office: tuple[str, str] | None = None


def voice(f: ClaimFeatures) -> NameMention | None:
    """Who speaks in a claim: its speaker, else the person "he"/"she" opening it stands for."""
    return f.speaker or f.referent


def distinctive(name: NameMention, idf: IdfTable) -> bool:
    """Whether few claims carry the name: its rarest word is in at most ``max(RARE_MIN, RARE_SHARE * n)`` claims."""
    tokens = content_tokens(name.name)
    if not tokens:
        return False
    return min(idf.count(t) for t in tokens) <= max(RARE_MIN, RARE_SHARE * idf.n)


def _shared_names(
    a: Sequence[NameMention], b: Sequence[NameMention], keep: Callable[[NameMention], bool]
) -> list[tuple[NameMention, NameMention]]:
    """Each name of ``a`` that ``keep`` accepts (tested first: it is the cheaper test) and its first match in ``b``."""
    pairs = []
    for n in a:
        if keep(n):
            match = next((m for m in b if names_match(n, m)), None)
            if match is not None:
                pairs.append((n, match))
    return pairs


def shared_signals(a: ClaimFeatures, b: ClaimFeatures, idf: IdfTable) -> SharedSignals:
    same_speaker = _same_speaker(a, b)
    speakers = [v for v in (voice(a), voice(b)) if v is not None]
    pairs = _shared_names(
        a.names, b.names, lambda n: distinctive(n, idf) and not any(names_match(n, s) for s in speakers)
    )
    office = next(
        ((n.name, sorted(n.offices & m.offices)[0]) for n, m in pairs if n.kind == "person" and n.offices & m.offices),
        None,
    )
    return SharedSignals(
        same_speaker=same_speaker, rare_names=tuple(dict.fromkeys(n.name for n, _ in pairs)), office=office
    )


def signals_one_fact(a: ClaimFeatures, b: ClaimFeatures, idf: IdfTable) -> bool:
    """The same speaker on a distinctive name, or one distinctive person given the same office. Decided from
    ``shared_signals``, but only after the cheap tests (one speaker comparison, offices on both sides) say it can
    hold: candidate ranking asks this of every indexed neighbour, and most pairs have neither."""
    if not _same_speaker(a, b) and not (_gives_office(a) and _gives_office(b)):
        return False
    shared = shared_signals(a, b, idf)
    return (shared.same_speaker and bool(shared.rare_names)) or shared.office is not None


def _same_speaker(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    va, vb = voice(a), voice(b)
    return va is not None and vb is not None and va.kind == "person" and names_match(va, vb)


def _gives_office(f: ClaimFeatures) -> bool:
    return any(n.kind == "person" and n.offices for n in f.names)
