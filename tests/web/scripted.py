"""A deterministic stand-in model for the browser tests: every answer is copied from the article it is shown."""

import re
from typing import Any

from pydantic import BaseModel

from service.prompts import RenderedPrompt

FENCE = re.compile(r"<<<ARTICLE\n(?P<body>.*)\nARTICLE>>>", re.DOTALL)
NUMBERED = re.compile(r"^\[(?P<id>\d+)\] (?P<text>.*)$")
PAIR = re.compile(r"^Pair (\d+)$", re.MULTILINE)
SPEAKER = re.compile(r"\b(?P<who>[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+)*) (?:said|told|added)\b")
QUOTE_MARKS = ('"', "“", "”")
MIN_WORDS = 5


def _user_text(prompt: RenderedPrompt) -> str:
    return "\n".join(m["content"] for m in prompt.messages if m["role"] == "user")


def article_sentences(prompt: RenderedPrompt) -> list[tuple[int | None, str]]:
    """(sentence number or None, text) of every line of at least MIN_WORDS words inside the ARTICLE fence."""
    match = FENCE.search(_user_text(prompt))
    if match is None:
        return []
    lines: list[tuple[int | None, str]] = []
    for raw in match["body"].splitlines():
        line = raw.strip()
        numbered = NUMBERED.match(line)
        number, text = (int(numbered["id"]), numbered["text"]) if numbered else (None, line)
        if len(text.split()) >= MIN_WORDS:
            lines.append((number, text))
    return lines


def _item_fields(schema: type[BaseModel], list_field: str) -> dict[str, Any]:
    """The JSON-schema properties of the items of ``list_field`` (resolving the $ref the way a model sees it)."""
    spec = schema.model_json_schema()
    items = spec["properties"][list_field]["items"]
    if "$ref" in items:
        items = spec["$defs"][items["$ref"].rsplit("/", 1)[-1]]
    props: dict[str, Any] = items["properties"]
    return props


def _cite(fields: dict[str, Any], text: str, number: int | None, allowed: list[int]) -> dict[str, Any]:
    if "sentence" in fields:
        return {"sentence": number if number in allowed else allowed[0]}
    return {"quote": text[:300]}


def _voice(text: str) -> dict[str, Any]:
    """Kind and attribution the way a careful reader would set them: a named speaker's words are a quote."""
    speaker = SPEAKER.search(text)
    if speaker is None:
        return {"kind": "fact", "attribution": None}
    quoted = any(mark in text for mark in QUOTE_MARKS)
    return {"kind": "quote" if quoted else "fact", "attribution": speaker["who"][:80]}


class ArticleCopier:
    """FakeGateway responder: summaries and claims copy the article's own sentences (quotes or sentence numbers,
    whichever the schema asks for); the alignment judge calls every pair ``relation`` and lets the rules veto."""

    def __init__(self, relation: str = "same", max_claims: int = 8) -> None:
        self.relation = relation
        self.max_claims = max_claims

    def __call__(self, prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        fields = schema.model_fields
        if "judgements" in fields:
            pairs = [int(n) for n in PAIR.findall(_user_text(prompt))]
            return {"judgements": [{"pair": n, "relation": self.relation, "conflict_type": "none"} for n in pairs]}
        sentences = article_sentences(prompt)
        if not sentences:
            raise AssertionError(f"prompt {prompt.id!r} shows no article sentences")
        if "claims" in fields:
            item = _item_fields(schema, "claims")
            allowed = list(item.get("sentence", {}).get("enum", []))
            claims = [
                {"text": text[:250], **_voice(text), **_cite(item, text, number, allowed)}
                for number, text in sentences[: self.max_claims]
            ]
            return {"claims": claims}
        if "key_points" in fields:
            item = _item_fields(schema, "key_points")
            allowed = list(item.get("sentence", {}).get("enum", []))
            first = sentences[0][1]
            points = [{"point": text[:200], **_cite(item, text, number, allowed)} for number, text in sentences[:3]]
            return {"headline": first[:150], "summary": first[:600], "key_points": points}
        raise AssertionError(f"unexpected prompt {prompt.id!r} with schema {schema.__name__}")
