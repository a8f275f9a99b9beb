"""Find negation cues and compare the polarity of two statements ("no damage" vs "damage")."""

import re
from dataclasses import dataclass

# Strong cues flip a statement outright. Lexical negatives ("denied", "prohibits") carry negation in the verb;
# they are reported but never counted towards polarity, because paraphrases swap them freely
# ("the constitution forbids us" = "prohibits it"), and counting them would invent conflicts.
STRONG = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "nowhere"}
# fmt: off
LEXICAL = {
    "absence", "absent", "ceased", "denied", "denies", "deny", "fail", "failed", "fails", "forbade", "forbid",
    "forbids", "halt", "halted", "impossible", "lack", "lacked", "lacking", "lacks", "prohibit", "prohibited",
    "prohibits", "refuse", "refused", "refuses", "reject", "rejected", "rejects", "stop", "stopped", "unable",
}
# fmt: on
# "no longer", "not only ... but": fixed phrases whose "no"/"not" is not a denial of the statement.
NOT_DENIALS = re.compile(r"(?i)\bnot only\b|\bno doubt\b|\bnone other\b|\bno matter\b|\bnothing but\b")
_CONTRACTION = re.compile(r"(?i)\b(\w+)n['’]t\b")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class NegationCue:
    text: str
    start: int
    end: int
    strong: bool


def negation_cues(text: str) -> list[NegationCue]:
    """Every negation cue in ``text``, strong ("not", "n't", "no", "never") and lexical ("denied")."""
    masked = NOT_DENIALS.sub(lambda m: " " * len(m.group()), text)
    cues: list[NegationCue] = []
    for m in _WORD.finditer(masked.lower()):
        word = m.group()
        if word.endswith(("n't", "n’t")) or word in STRONG:
            cues.append(NegationCue(text[m.start() : m.end()], m.start(), m.end(), True))
        elif word in LEXICAL:
            cues.append(NegationCue(text[m.start() : m.end()], m.start(), m.end(), False))
    return cues


def polarity(text: str) -> int:
    """+1 for an affirmative statement, -1 when it has an odd number of strong negation cues."""
    strong = sum(1 for cue in negation_cues(text) if cue.strong)
    return -1 if strong % 2 else 1


def strip_negation(text: str) -> str:
    """The text without its strong cues: "did not shoot down" -> "did shoot down", to compare the rest."""
    text = _CONTRACTION.sub(lambda m: _uncontract(m.group(1)), text)
    return re.sub(rf"(?i)\b(?:{'|'.join(sorted(STRONG))})\b", " ", text)


def _uncontract(stem: str) -> str:
    low = stem.lower()
    # "won't" -> "will", "can't" -> "can", "doesn't" -> "does"
    return {"wo": "will", "ca": "can", "sha": "shall"}.get(low, stem)


def negated_terms(text: str) -> list[str]:
    """The strong cues as written, for explanations ("not", "never")."""
    return [cue.text for cue in negation_cues(text) if cue.strong]
