"""Normalised numbers and times found in a piece of text (filled by code, never by the model)."""

from typing import Literal

from pydantic import Field

from schemas.base import StrictModel

QuantityKind = Literal["number", "percent", "money", "age", "duration", "ordinal"]
TimeKind = Literal["date", "year", "month", "weekday", "time_of_day", "part_of_day", "relative"]


class Quantity(StrictModel):
    """A number as written and as a value: "18 per cent" -> value 18.0, unit "%"."""

    text: str = Field(description="Surface form in the text.")
    value: float
    unit: str | None = Field(default=None, description="Normalised unit: '%', 'USD', 'people', 'km', 'years'...")
    kind: QuantityKind = "number"
    approximate: bool = Field(default=False, description="'about', 'nearly', 'more than' ...")
    start: int | None = None
    end: int | None = None


class TimeMention(StrictModel):
    """A date or time as written and normalised: "Wednesday night" -> weekday 'wednesday' + part 'night'."""

    text: str
    kind: TimeKind
    value: str = Field(description="Normalised: '2024-02-14', '2014', 'wednesday', '21:00', 'night', 'yesterday'.")
    start: int | None = None
    end: int | None = None
