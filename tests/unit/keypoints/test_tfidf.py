"""The numpy TF-IDF similarity gives scikit-learn's numbers (the run time stays free of scikit-learn)."""

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from service.keypoints.tfidf import cosine_similarities, tfidf_matrix
from service.normalise.tokens import content_tokens
from tests.conftest import ROOT


def seed_sentences() -> list[str]:
    text = (ROOT / "seeds" / "003_2e13a831589c994b.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.split(".") if line.strip()]


@pytest.mark.parametrize(
    "texts",
    [
        ["Putin said the talks failed.", "The talks failed, Putin said again and again.", "Rain in Paris."],
        ["", "the and of", "Kyiv Kyiv Kyiv asked for air defence."],
        seed_sentences(),
    ],
)
def test_same_numbers_as_scikit_learn(texts: list[str]) -> None:
    matrix = TfidfVectorizer(analyzer=content_tokens, sublinear_tf=True).fit_transform(texts)
    expected = np.asarray(cosine_similarity(matrix), dtype=float)
    np.fill_diagonal(expected, 0.0)
    assert np.allclose(cosine_similarities(texts, content_tokens), expected, atol=1e-12)


def test_texts_without_terms_give_zero_similarity() -> None:
    assert tfidf_matrix(["the", "and of"], content_tokens).shape == (2, 0)
    assert not cosine_similarities(["the", "and of"], content_tokens).any()


def test_runtime_does_not_import_scikit_learn() -> None:
    import subprocess
    import sys

    code = "import sys, service.api.app, service.keypoints.extractive; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(ROOT), capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
