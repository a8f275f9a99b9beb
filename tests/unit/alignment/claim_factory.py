"""Scripted model answers for the ``align`` prompt, and helpers to run the edit cases."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from evals.datasets.conflicts import EditCase, edited_pair, load_edit_cases
from schemas.alignment import Alignment
from service.alignment.align import align_claims, claims_from_sentences
from service.llm.protocol import ModelGateway
from service.prompts import RenderedPrompt
from tests.unit.alignment.conftest import ROOT, article_from_text

PAIR = re.compile(r"^Pair (\d+)$", re.MULTILINE)
CASES_FILE = ROOT / "evals" / "cases" / "conflicts.yaml"


def pair_numbers(prompt: RenderedPrompt) -> list[int]:
    return [int(n) for n in PAIR.findall(prompt.messages[1]["content"])]


def always(relation: str, conflict_type: str = "none") -> Callable[[RenderedPrompt, type[BaseModel]], Any]:
    """A model that gives the same verdict for every pair (how a 135M model often behaves)."""

    def respond(prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        assert prompt.id == "align"
        return {
            "judgements": [
                {"pair": n, "relation": relation, "conflict_type": conflict_type} for n in pair_numbers(prompt)
            ]
        }

    return respond


def edit_cases() -> list[EditCase]:
    return load_edit_cases(yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"])


async def align_edit_case(case: EditCase, llm: ModelGateway | None, root: Path = ROOT) -> Alignment:
    base, edited = edited_pair(case, root)
    a = article_from_text(base, "base")
    b = article_from_text(edited.text, "edited")
    staged = await align_claims([(a, claims_from_sentences(a)), (b, claims_from_sentences(b))], llm)
    return staged.value


FENCE = re.compile(r"<<<ARTICLE\n(?P<body>.*)\nARTICLE>>>", re.DOTALL)


def fenced_sentences(prompt: RenderedPrompt) -> list[str]:
    match = FENCE.search(prompt.messages[1]["content"])
    assert match, "no ARTICLE fence in the prompt"
    lines = [line.strip() for line in match["body"].splitlines()]
    return [line for line in lines if len(line.split()) >= 5]


def story_model(relation: str = "same", max_claims: int = 10) -> Callable[[RenderedPrompt, type[BaseModel]], Any]:
    """Answers every stage: claims copy the article's sentences (quotes mode), summaries quote the first
    sentence, and the alignment judge gives ``relation`` to every pair."""
    judge = always(relation, "numeric" if relation == "conflict" else "none")

    def respond(prompt: RenderedPrompt, schema: type[BaseModel]) -> Any:
        if prompt.id == "align":
            return judge(prompt, schema)
        sentences = fenced_sentences(prompt)
        if prompt.id == "claims":
            claims = [{"text": s[:250], "kind": "fact", "attribution": None, "quote": s[:300]} for s in sentences]
            return {"claims": claims[:max_claims]}
        if prompt.id == "summarise":
            first = sentences[0][:200]
            return {"headline": first[:100], "summary": first, "key_points": [{"point": first, "quote": first}]}
        raise AssertionError(f"unexpected prompt {prompt.id}")

    return respond
