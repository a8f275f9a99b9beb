"""Key points without a model: salient sentences (centrality, position, content), headline and summary from them."""

from service.keypoints.extractive import extractive_summary
from service.keypoints.salience import Ranked, rank_sentences

__all__ = ["Ranked", "extractive_summary", "rank_sentences"]
