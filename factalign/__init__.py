"""factalign's Python API: grounded summaries, claims and cross-article alignment, as the HTTP API returns them.

    import factalign
    result = await factalign.summarise("https://example.org/news/story")   # or text, a Path, an ArticleInput
    print(result.summary.headline, [kp.evidence.quote for kp in result.summary.key_points])

``summarise_sync`` etc. block instead; ``Client`` keeps one model runtime for many calls.
"""

from factalign.client import (
    Article,
    Client,
    align,
    align_sync,
    article_input,
    claims,
    claims_sync,
    report,
    report_sync,
    summarise,
    summarise_sync,
)
from schemas.alignment import AlignmentResponse, ReportResponse
from schemas.article import ArticleInput
from schemas.claims import ClaimsResponse
from schemas.progress import ProgressEvent
from schemas.summary import SummaryResponse
from service.errors import FactalignError
from service.settings import Settings

__all__ = [
    "AlignmentResponse",
    "Article",
    "ArticleInput",
    "ClaimsResponse",
    "Client",
    "FactalignError",
    "ProgressEvent",
    "ReportResponse",
    "Settings",
    "SummaryResponse",
    "align",
    "align_sync",
    "article_input",
    "claims",
    "claims_sync",
    "report",
    "report_sync",
    "summarise",
    "summarise_sync",
]
