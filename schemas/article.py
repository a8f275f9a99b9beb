"""Articles: what a user sends in, and the cleaned, segmented text every offset refers to."""

from typing import Literal

from pydantic import Field, model_validator

from schemas.base import StrictModel

ArticleFormat = Literal["auto", "text", "html"]


class ArticleInput(StrictModel):
    """One article as a user sends it (API body or CLI file)."""

    # minLength only in the schema: an empty text gets EmptyInput's message, which says what to send.
    text: str | None = Field(
        default=None,
        description="Article body: plain text or HTML. Leave it out and give 'url' to fetch the page.",
        json_schema_extra={"minLength": 1},
    )
    title: str | None = Field(default=None, max_length=500)
    url: str | None = Field(
        default=None,
        max_length=2000,
        description="Where the article is from; fetched (http/https) when 'text' is absent.",
    )
    source: str | None = Field(default=None, max_length=200, description="Publisher name.")
    published: str | None = Field(default=None, max_length=64, description="Publication date, ISO 8601.")
    author: str | None = Field(default=None, max_length=300, description="Byline.")
    language: str | None = Field(
        default=None, pattern=r"^[a-z]{2}$", description="ISO 639-1 code (de, fr, es...); detected when absent."
    )
    format: ArticleFormat = Field(default="auto", description="'auto' sniffs HTML tags.")

    @model_validator(mode="after")
    def _text_or_url(self) -> "ArticleInput":
        if self.text is None and not self.url:
            raise ValueError("send the article in 'text', or a page address in 'url' to have it fetched")
        return self


class Sentence(StrictModel):
    """A sentence of the cleaned text; ``cleaned_text[start:end] == text``."""

    id: int = Field(ge=1, description="1-based sentence number within the article.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    flag: str | None = Field(
        default=None,
        description="Why this sentence reads as instructions to a model (prompt injection). It stays in the text "
        "so offsets hold, but it is never chosen as a key point, claim or evidence.",
    )


class FlaggedSpan(StrictModel):
    """Instruction-shaped text found while cleaning: kept as data, marked, never presented as the article's facts."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    reason: str


class Article(StrictModel):
    """An article after cleaning and segmentation. All offsets in responses index ``cleaned_text``."""

    id: str = Field(description="Caller's id, or a content hash of the cleaned text.")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    author: str | None = None
    language: str = Field(default="en", description="ISO 639-1 code, given or detected; numbers, dates, sentence "
                          "splitting and the model's answer language follow it.")  # fmt: skip
    format: Literal["text", "html"]
    cleaned_text: str
    sentences: list[Sentence]
    removed_lines: list[str] = Field(
        default_factory=list, description="Boilerplate lines dropped while cleaning (navigation, share links...)."
    )
    flagged: list[FlaggedSpan] = Field(
        default_factory=list, description="Spans that address a model (role markers, 'ignore ... instructions')."
    )
