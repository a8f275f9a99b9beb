"""Streamed calls, so an abandoned generation stops: the answer is read as a stream and assembled into one
response, and when the call is given up (deadline, client gone) the stream is closed. llama.cpp's server (and
llama-cpp-python's) notice the closed connection at the next token and stop generating; a plain (non-streamed)
request cannot be stopped that way, and a server shared with other processes cannot simply be killed.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import litellm

log = logging.getLogger("factalign.llm")
Completion = Callable[..., Awaitable[Any]]


async def streamed_completion(completion: Completion, **kwargs: Any) -> Any:
    """``completion(**kwargs, stream=True)`` read to the end and built into one ``ModelResponse``; the stream is
    closed however the read ends (a cancelled or timed-out call included)."""
    stream = await completion(**kwargs, stream=True)
    chunks: list[Any] = []
    try:
        async for chunk in stream:
            chunks.append(chunk)
    finally:
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()  # litellm shields this from cancellation: the connection is really closed
    if not chunks:
        raise ValueError("the model server closed the stream without sending anything")
    response: Any = litellm.stream_chunk_builder(chunks, messages=kwargs.get("messages"))
    usage = getattr(response, "usage", None)
    if response is not None and not getattr(usage, "prompt_tokens", 0):
        # llama-cpp-python reports no usage in streams: the prompt is counted with litellm's tokenizer (an
        # estimate), the answer as the chunks that carried text (llama.cpp streams one token per chunk).
        prompt = litellm.token_counter(model=kwargs.get("model", ""), messages=kwargs.get("messages") or [])
        completion_tokens = sum(1 for chunk in chunks if _text_of(chunk))
        response.usage = litellm.Usage(
            prompt_tokens=prompt, completion_tokens=completion_tokens, total_tokens=prompt + completion_tokens
        )
    return response


def _text_of(chunk: Any) -> str:
    choices = getattr(chunk, "choices", None) or []
    delta = getattr(choices[0], "delta", None) if choices else None
    return str(getattr(delta, "content", None) or "")
