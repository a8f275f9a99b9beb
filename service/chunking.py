"""Group an article's sentences into consecutive chunks that fit a character budget (for long articles)."""

from schemas.article import Sentence


def chunk_sentences(sentences: list[Sentence], *, max_chars: int, overlap: int = 0) -> list[list[Sentence]]:
    """Consecutive groups of ``sentences`` whose span (first start to last end) is at most ``max_chars``.

    The span, not the sum of sentence lengths, is measured, so ``cleaned_text[c[0].start:c[-1].end]`` fits the
    budget. A sentence longer than ``max_chars`` forms a chunk of its own. ``overlap`` is a number of
    sentences: each chunk after the first repeats up to that many trailing sentences of the previous chunk for
    context (fewer when they would not fit). Sentences are the caller's objects, ids and offsets untouched.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    if overlap < 0:
        raise ValueError(f"overlap must be zero or positive, got {overlap}")
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    for sentence in sentences:
        if current and sentence.end - current[0].start > max_chars:
            chunks.append(current)
            current = _carried_over(current, sentence, max_chars, overlap)
        current.append(sentence)
    if current:
        chunks.append(current)
    return chunks


def _carried_over(previous: list[Sentence], upcoming: Sentence, max_chars: int, overlap: int) -> list[Sentence]:
    """The trailing sentences of ``previous`` to repeat before ``upcoming``, as many as fit, at most ``overlap``."""
    # Never carry the whole previous chunk: the next chunk must start later than the last one did.
    count = min(overlap, len(previous) - 1)
    while count > 0 and upcoming.end - previous[-count].start > max_chars:
        count -= 1
    return previous[len(previous) - count :] if count else []
