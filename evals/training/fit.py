"""Sign-constrained logistic models fitted with scipy: binary and ordinal (cumulative logit), balanced weights.

Every feature has a direction a reader would defend (more coverage: more support; an invented number: less), and
the fit may not reverse it. Without the constraint SummEdits teaches the opposite of what a checker needs: its
consistent summaries are paraphrases full of new words while its inconsistent ones swap in words from the
document, so an unconstrained fit learns "new words mean consistent" and rejects a verbatim copy.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from service.consistency.features import FEATURE_NAMES, FEATURE_SIGNS

C = 1.0  # inverse L2 strength, scikit-learn's default; not tuned on the dev scores


def _weights(y: np.ndarray) -> np.ndarray:
    classes, counts = np.unique(y, return_counts=True)
    per_class = {c: len(y) / (len(classes) * n) for c, n in zip(classes.tolist(), counts.tolist(), strict=True)}
    return np.array([per_class[v] for v in y.tolist()])


def _bounds() -> list[tuple[float | None, float | None]]:
    sign = [FEATURE_SIGNS[name] for name in FEATURE_NAMES]
    return [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in sign]


class SignedModel:
    """``order`` lists the classes from least to most supported; two classes fit a binary logistic regression,
    more fit a cumulative-logit (ordinal) one sharing one score ``w . z``."""

    def __init__(self, order: Sequence[str]) -> None:
        self.order = list(order)
        self.mean = np.zeros(0)
        self.scale = np.ones(0)
        self.coef = np.zeros(0)
        self.cuts = np.zeros(0)

    def fit(self, x: np.ndarray, labels: np.ndarray) -> "SignedModel":
        self.mean = x.mean(axis=0)
        std = x.std(axis=0)
        self.scale = np.where(std > 1e-9, std, 1.0)
        z = (x - self.mean) / self.scale
        y = np.array([self.order.index(v) for v in labels.tolist()])
        weight = _weights(y)
        k, d = len(self.order) - 1, z.shape[1]

        def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
            w, cuts = theta[:d], np.cumsum(np.concatenate([theta[d : d + 1], np.exp(theta[d + 1 :])]))
            score = z @ w
            probs, grad_score, grad_cuts = self._likelihood(score, cuts, y)
            nll = -np.sum(weight * np.log(np.clip(probs, 1e-12, None)))
            g_score = -weight * grad_score / np.clip(probs, 1e-12, None)
            g_w = z.T @ g_score + w / C
            g_cuts = -(weight / np.clip(probs, 1e-12, None)) @ grad_cuts
            # cuts = cumsum([t0, exp(t1), ...]): chain rule back to theta
            g_theta_cuts = np.array([g_cuts[j:].sum() * (1.0 if j == 0 else np.exp(theta[d + j])) for j in range(k)])
            return float(nll + 0.5 * w @ w / C), np.concatenate([g_w, g_theta_cuts])

        start = np.zeros(d + k)
        bounds = _bounds() + [(None, None)] * k
        result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 2000})
        self.coef = result.x[:d]
        self.cuts = np.cumsum(np.concatenate([result.x[d : d + 1], np.exp(result.x[d + 1 :])]))
        return self

    @staticmethod
    def _likelihood(score: np.ndarray, cuts: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """P(y_i) under P(y >= j+1) = sigmoid(score - cut_j), its derivative in score, and in each cut."""
        above = expit(score[:, None] - cuts[None, :])  # n x k: P(y >= j+1)
        upper = np.concatenate([np.ones((len(score), 1)), above], axis=1)  # P(y >= j)
        lower = np.concatenate([above, np.zeros((len(score), 1))], axis=1)  # P(y >= j+1)
        rows = np.arange(len(y))
        probs = upper[rows, y] - lower[rows, y]
        d_above = above * (1 - above)
        d_upper = np.concatenate([np.zeros((len(score), 1)), d_above], axis=1)
        d_lower = np.concatenate([d_above, np.zeros((len(score), 1))], axis=1)
        grad_score = d_upper[rows, y] - d_lower[rows, y]
        grad_cuts = np.zeros((len(score), len(cuts)))
        for j in range(len(cuts)):
            grad_cuts[:, j] = -(d_above[:, j] * ((y == j + 1).astype(float) - (y == j).astype(float)))
        return probs, grad_score, grad_cuts

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """n x classes, in ``order``."""
        score = ((x - self.mean) / self.scale) @ self.coef
        above = expit(score[:, None] - self.cuts[None, :])
        upper = np.concatenate([np.ones((len(score), 1)), above], axis=1)
        lower = np.concatenate([above, np.zeros((len(score), 1))], axis=1)
        return np.asarray(upper - lower)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(np.array(self.order)[np.argmax(self.probabilities(x), axis=1)])

    def params(self) -> dict[str, Any]:
        return {
            "kind": "cumulative_logit",
            "classes": self.order,
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "cutpoints": [round(float(v), 6) for v in self.cuts],
        }
