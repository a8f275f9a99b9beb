"""IDF-weighted cosine similarity between sentences, computed with numpy alone.

The weighting is scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` (smoothed idf ``ln((1 + n) / (1 + df)) + 1``,
term frequency ``1 + ln(tf)``, rows scaled to unit length), so the training-time and run-time similarities are the
same numbers; a test checks it against scikit-learn. scikit-learn itself stays out of the API process: importing
it costs about 70 MB of resident memory per worker for two small matrix products.
"""

import math
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

Analyzer = Callable[[str], list[str]]


def tfidf_matrix(texts: Sequence[str], analyzer: Analyzer) -> np.ndarray:
    """One unit-length TF-IDF row per text over the texts' own vocabulary (zero rows for texts without a term);
    shape ``(len(texts), 0)`` when no text has a term."""
    counts = [Counter(analyzer(text)) for text in texts]
    vocabulary = sorted({term for count in counts for term in count})
    column = {term: j for j, term in enumerate(vocabulary)}
    matrix = np.zeros((len(texts), len(vocabulary)), dtype=float)
    for i, count in enumerate(counts):
        for term, tf in count.items():
            matrix[i, column[term]] = 1.0 + math.log(tf)
    if not vocabulary:
        return matrix
    df = np.count_nonzero(matrix, axis=0)
    matrix *= np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0), dtype=float)


def cosine_similarities(texts: Sequence[str], analyzer: Analyzer) -> np.ndarray:
    """Pairwise cosine similarity of the texts' TF-IDF rows, with a zero diagonal."""
    matrix = tfidf_matrix(texts, analyzer)
    sims = matrix @ matrix.T
    np.fill_diagonal(sims, 0.0)
    return np.asarray(sims, dtype=float)
