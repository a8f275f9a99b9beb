"""Claims in two languages: shared values, names and cognates make an agreement; word overlap cannot."""

import asyncio

from schemas.article import Article, Sentence
from schemas.claims import Claim
from service.alignment.align import align_claims, claims_from_sentences
from service.alignment.checks import compare_claims
from service.alignment.crosslingual import cross_language, cross_match, embedded, value_keys
from service.alignment.features import ClaimFeatures, IdfTable, claim_features
from tests.unit.alignment.conftest import ROOT, article_from_text

LANGUAGES = ROOT / "seeds" / "languages"


def _article(article_id: str, language: str, texts: list[str]) -> Article:
    sentences, start = [], 0
    for i, text in enumerate(texts, start=1):
        sentences.append(Sentence(id=i, start=start, end=start + len(text), text=text))
        start += len(text) + 1
    return Article(id=article_id, format="text", language=language, cleaned_text=" ".join(texts), sentences=sentences)


def _features(de: list[str], fr: list[str]) -> tuple[list[list[ClaimFeatures]], IdfTable]:
    groups = []
    for i, (article_id, language, texts) in enumerate((("de", "de", de), ("fr", "fr", fr))):
        article = _article(article_id, language, texts)
        groups.append([claim_features(i, j, article, c) for j, c in enumerate(claims_from_sentences(article))])
    idf = IdfTable((f.tokens for g in groups for f in g), (value_keys(f) for g in groups for f in g))
    return groups, idf


BUS_DE = "Busse werden durch den Tunnel umgeleitet, was die Fahrt um etwa zwölf Minuten verlängert."
BUS_FR = "Les bus seront déviés par le tunnel, ce qui rallongera le trajet d'environ douze minutes."
OTHER_DE = ["Die Opposition im Stadtrat kritisierte die Mängel schon lange.", "Die Stadt richtet einen Fährdienst ein."]
OTHER_FR = ["Le maire a déclaré que les équipes travailleraient aussi.", "La sécurité des usagers passe avant tout."]


def test_a_shared_number_ties_two_languages_together() -> None:
    (de, fr), idf = _features([BUS_DE, *OTHER_DE], [BUS_FR, *OTHER_FR])
    a, b = de[0], fr[0]
    assert cross_language(a, b)
    comparison = compare_claims(a, b, idf)
    assert comparison.similarity < 0.1  # no word in common to speak of
    assert comparison.relation == "agree"
    assert "12 minutes" in comparison.explanation


def test_a_conflicting_number_across_languages_is_no_agreement() -> None:
    (de, fr), idf = _features(
        ["Ingenieure fanden im Februar an 14 der 60 Stahlseile Korrosion.", *OTHER_DE],
        ["Des ingénieurs ont découvert en février de la corrosion sur 15 des 60 câbles.", *OTHER_FR],
    )
    assert compare_claims(de[0], fr[0], idf).relation != "agree"


def test_a_weekday_every_claim_carries_links_nothing_alone() -> None:
    de = ["Der Stadtrat tagte am Freitag.", "Am Freitag regnete es in der Stadt.", "Die Polizei sperrte am Freitag."]
    fr = ["Le conseil municipal a voté vendredi.", "Vendredi, il a plu sur la ville.", "La police a fermé vendredi."]
    (left, right), idf = _features(de, fr)
    match = cross_match(left[0], right[0], idf)
    assert match.values == ("friday",) and not match.distinctive
    assert compare_claims(left[0], right[0], idf).relation == "unrelated"


def test_rounded_figures_of_one_unit_agree_with_a_precision_note() -> None:
    (de, fr), idf = _features(
        ["Rund 22.000 Fahrzeuge überqueren die Brücke täglich.", *OTHER_DE],
        ["Plus de 20 000 véhicules empruntent le pont chaque jour.", *OTHER_FR],
    )
    comparison = compare_claims(de[0], fr[0], idf)
    assert (comparison.relation, comparison.detail) == ("agree", "different_precision")


def test_same_language_pairs_never_use_the_cross_language_rules() -> None:
    left = _article("a", "de", ["Die Busse fahren zwölf Minuten länger durch den Tunnel.", *OTHER_DE])
    right = _article("b", "de", ["Der Umweg kostet Pendler zwölf Minuten am Morgen.", *OTHER_DE[::-1]])
    groups = [
        [claim_features(i, j, a, c) for j, c in enumerate(claims_from_sentences(a))]
        for i, a in enumerate((left, right))
    ]
    idf = IdfTable(f.tokens for g in groups for f in g)
    assert not cross_language(groups[0][0], groups[1][0])
    assert compare_claims(groups[0][0], groups[1][0], idf).relation == "unrelated"


def test_the_german_and_french_seed_reports_align_over_sentences() -> None:
    """The default path (sentence claims, rules): every shared fact of the two invented reports, nothing else."""
    de = article_from_text((LANGUAGES / "de_port_alder_bridge.txt").read_text(encoding="utf-8"), "de")
    fr = article_from_text((LANGUAGES / "fr_port_alder_bridge.txt").read_text(encoding="utf-8"), "fr")
    assert (de.language, fr.language) == ("de", "fr")
    alignment = asyncio.run(align_claims([(de, claims_from_sentences(de)), (fr, claims_from_sentences(fr))], None))
    found = {(p.left.claim_id, p.right.claim_id) for p in alignment.value.agreements}
    # Titles; closure from Monday for three weeks; announced Friday; corrosion on 14 of 60 cables; ~22,000 /
    # 20,000+ vehicles; buses through the tunnel, 12 minutes longer; 4.2 million euros.
    assert found == {("s1", "s1"), ("s1", "s2"), ("s2", "s1"), ("s2", "s2"), ("s3", "s2"), ("s4", "s3"),
                     ("s5", "s4"), ("s6", "s5"), ("s8", "s6")}  # fmt: skip
    assert alignment.value.conflicts == []


def _claim_sets(de: list[str], fr: list[str]) -> list[tuple[Article, list[Claim]]]:
    articles = [_article("de", "de", de), _article("fr", "fr", fr)]
    return [(a, claims_from_sentences(a)) for a in articles]


BUDGET_DE = "Die Reparatur wird aus dem Instandhaltungshaushalt der Stadt bezahlt."
BUDGET_FR = "Les travaux sont financés par le budget d'entretien de la ville."


def test_a_paraphrase_with_no_shared_value_name_or_cognate_agrees_through_embeddings() -> None:
    """The German/French pair's last linked fact: nothing but its meaning is shared."""
    (de, fr), idf = _features([BUDGET_DE, *OTHER_DE], [BUDGET_FR, *OTHER_FR])
    assert cross_match(de[0], fr[0], idf).keys == 0
    sets = _claim_sets([BUDGET_DE, *OTHER_DE], [BUDGET_FR, *OTHER_FR])
    alignment = asyncio.run(align_claims(sets, None)).value
    assert [(p.left.text, p.right.text) for p in alignment.agreements] == [(BUDGET_DE, BUDGET_FR)]
    assert "multilingual embeddings" in alignment.agreements[0].explanation
    assert alignment.conflicts == []


def test_embeddings_are_computed_only_when_languages_differ() -> None:
    one_language = [
        [claim_features(0, 0, *_first(_article("a", "de", OTHER_DE)))],
        [claim_features(1, 0, *_first(_article("b", "de", OTHER_DE[::-1])))],
    ]
    assert all(f.embedding is None for g in embedded(one_language) for f in g)
    two = embedded(
        [
            [claim_features(0, 0, *_first(_article("a", "de", [BUDGET_DE])))],
            [claim_features(1, 0, *_first(_article("b", "fr", [BUDGET_FR])))],
        ]
    )
    assert all(f.embedding is not None and f.embedding.shape == (384,) for g in two for f in g)


def _first(article: Article) -> tuple[Article, Claim]:
    return article, claims_from_sentences(article)[0]
