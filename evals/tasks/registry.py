"""The task registry: how each kind of case is run with a model, run by a non-LLM baseline, and prepared."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.suite import Case, Document
from schemas.article import Article, ArticleInput
from schemas.meta import CallMeta
from service.ingest import clean_article
from service.llm.protocol import ModelGateway


@dataclass
class TaskResult:
    """A task's JSON-able output for one case and the meta of every model call made for it."""

    output: dict[str, Any] | None
    calls: list[CallMeta] = field(default_factory=list)
    error: str | None = None


Runner = Callable[[Case, Sequence[Article], ModelGateway], Awaitable[TaskResult]]
Baseline = Callable[[Case, Sequence[Article]], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class TaskSpec:
    """``clean``: whether documents go through the product's ingest (offsets then index ``cleaned_text``).

    ``methods``: the product's non-LLM methods for the stage (``rules``, ``classifier`` ...), run offline on every
    case and scored beside the model and the baseline, so the methods-per-stage table comes from one run.
    """

    name: str
    run: Runner
    baseline: Baseline
    baseline_name: str
    clean: bool = True
    description: str = ""
    methods: dict[str, Baseline] = field(default_factory=dict)


TASKS: dict[str, TaskSpec] = {}


def register(spec: TaskSpec) -> TaskSpec:
    if spec.name in TASKS:
        raise ValueError(f"task {spec.name!r} registered twice")
    TASKS[spec.name] = spec
    return spec


def _raw_article(doc: Document) -> Article:
    """A document used as is (judge tasks): the dataset's text, not the product's cleaning of it."""
    return Article(id=doc.doc_id, format="text", cleaned_text=doc.text, sentences=[])


def prepare(case: Case) -> list[Article]:
    """The articles a case's task reads; deterministic, so a re-score rebuilds the same texts without a model."""
    spec = TASKS[case.task]
    if not spec.clean:
        return [_raw_article(d) for d in case.documents]
    return [clean_article(ArticleInput(text=d.text, format="text"), article_id=d.doc_id) for d in case.documents]


def texts(articles: Sequence[Article]) -> tuple[str, ...]:
    return tuple(a.cleaned_text for a in articles)
