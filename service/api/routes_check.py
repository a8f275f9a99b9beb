"""``POST /v1/check``: validate an article body exactly as the other routes do, and run nothing else."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from service.api.body import read_article
from service.api.deps import get_settings
from service.api.routes_articles import ARTICLE_BODY
from service.settings import Settings

router = APIRouter(prefix="/v1", tags=["articles"])


class CheckResult(BaseModel):
    ok: bool
    chars: int
    format: str


@router.post("/check", response_model=CheckResult, openapi_extra=ARTICLE_BODY)
async def check_article(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> CheckResult:
    """Would this body be accepted (size, content type, UTF-8, fields)? Same 4xx errors as the other routes;
    no cleaning, no model. Also the floor the response cache is measured against (``python -m bench``)."""
    inp = await read_article(request, settings.limits.max_body_bytes)
    return CheckResult(ok=True, chars=len(inp.text or inp.url or ""), format=inp.format)
