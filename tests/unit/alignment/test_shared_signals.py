"""Shared speaker, distinctive names and offices: agreements that word overlap alone misses, and none it should not."""

import asyncio

from service.alignment.align import align_claims
from service.alignment.checks import compare_claims
from service.alignment.features import ClaimFeatures, IdfTable, claim_features
from service.alignment.shared import distinctive, shared_signals
from service.normalise.names import find_names
from tests.unit.alignment.conftest import sentence_claim

LEAD = (
    "Ukraine cannot remove Russian troops from the land they occupy in the east of the country and Crimea, "
    "Volodymyr Zelenskyy has admitted."
)
PARAPHRASE = (
    "President Volodymyr Zelenskyy told Le Parisien that Ukraine's military does not possess the strength it "
    "needs to expel Russian forces from the Crimea and parts of eastern Ukraine that is has held since 2014."
)
# Filler claims about Ukraine and Russia, so that "Ukraine" is common and "Crimea" rare, as in a real story.
FILLER = [
    "Ukraine said Russia launched drones at Kyiv overnight.",
    "Russia said its army advanced near Pokrovsk in Ukraine.",
    "Ukraine asked its partners for more air defence systems.",
    "Russian officials said talks with Ukraine were not planned.",
    "Ukraine's parliament met in Kyiv to discuss the budget.",
    "Russia and Ukraine exchanged prisoners of war on Monday.",
]


def _features(groups: list[list[str]]) -> tuple[list[list[ClaimFeatures]], IdfTable]:
    features = []
    for i, texts in enumerate(groups):
        article_id = f"a{i}"
        group = []
        for j, text in enumerate(texts):
            article, claims = sentence_claim(article_id, text)
            group.append(claim_features(i, j, article, claims[0]))
        features.append(group)
    return features, IdfTable(f.tokens for g in features for f in g)


def _pair(left: str, right: str, filler: list[str] = FILLER) -> tuple[ClaimFeatures, ClaimFeatures, IdfTable]:
    features, idf = _features([[left, *filler], [right, *filler[::-1]]])
    return features[0][0], features[1][0], idf


def test_same_speaker_on_a_distinctive_name_agrees_in_other_words() -> None:
    a, b, idf = _pair(LEAD, PARAPHRASE)
    signals = shared_signals(a, b, idf)
    assert signals.same_speaker and signals.rare_names == ("Crimea",)
    comparison = compare_claims(a, b, idf)
    assert comparison.similarity < 0.3  # word overlap alone leaves them unrelated
    assert comparison.relation == "agree" and comparison.detail == "different_detail"
    assert "same speaker" in comparison.explanation


def test_same_speaker_without_a_distinctive_name_stays_unrelated() -> None:
    a, b, idf = _pair(
        "Ukraine cannot remove Russian troops from the land they occupy, Volodymyr Zelenskyy has admitted.",
        "President Volodymyr Zelenskyy said Ukraine's military needs more drones and artillery from Russian stocks.",
    )
    assert shared_signals(a, b, idf).rare_names == ()
    assert compare_claims(a, b, idf).relation == "unrelated"


def test_other_speakers_on_the_same_distinctive_name_do_not_agree() -> None:
    other = PARAPHRASE.replace("President Volodymyr Zelenskyy", "Foreign Minister Sergei Lavrov")
    a, b, idf = _pair(LEAD, other)
    assert not shared_signals(a, b, idf).same_speaker
    assert compare_claims(a, b, idf).relation != "agree"


def test_one_person_given_the_same_office_in_both_reports_agrees() -> None:
    a, b, idf = _pair(
        "Downing Street said Sir Keir Starmer has spoken to US president-elect Donald Trump about Ukraine.",
        "The talks come a month before U.S. President-elect Donald Trump takes office.",
    )
    assert shared_signals(a, b, idf).office == ("Donald Trump", "president-elect")
    comparison = compare_claims(a, b, idf)
    assert comparison.relation == "agree" and "president-elect" in comparison.explanation


def test_an_office_held_by_a_name_every_claim_carries_is_no_shared_fact() -> None:
    everywhere = [f"President Vladimir Putin {s[0].lower()}{s[1:]}" for s in FILLER]
    a, b, idf = _pair(
        "President Vladimir Putin ordered more troops to the border.",
        "President Vladimir Putin met Chinese officials in Beijing.",
        everywhere,
    )
    assert not distinctive(find_names("President Vladimir Putin", "en")[0], idf)
    assert shared_signals(a, b, idf).office is None
    assert compare_claims(a, b, idf).relation == "unrelated"


def test_align_claims_reports_the_paraphrase_as_an_agreement_with_a_note() -> None:
    left = sentence_claim("left", LEAD)
    right = sentence_claim("right", PARAPHRASE)
    alignment = asyncio.run(align_claims([left, right], None)).value
    assert [(p.relation, p.detail) for p in alignment.agreements] == [("agree", "different_detail")]


def test_the_listener_of_told_is_not_the_speaker() -> None:
    """ "he told French newspaper Le Parisien": the newspaper listens; "said Rutte" names the speaker."""
    told, _, _ = _pair(
        "On Wednesday, he told French newspaper Le Parisien his forces do not have the strength to recover land.",
        PARAPHRASE,
    )
    assert told.speaker is None
    said, _, _ = _pair("Peace talks must wait, said Mark Rutte in Brussels on Wednesday.", PARAPHRASE)
    assert said.speaker is not None and said.speaker.name == "Mark Rutte"
