# factalign API / worker image. Build:  docker build -t factalign .
# The same image runs `factalign serve`, `factalign worker` and the llama.cpp model server (see compose.yaml).
FROM python:3.11-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake git \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
# dependencies first (cached layer), llama-cpp-python compiled here once
RUN uv sync --frozen --all-extras --no-dev --no-install-project --python 3.11
COPY schemas ./schemas
COPY service ./service
COPY evals ./evals
COPY prompts ./prompts
RUN uv sync --frozen --all-extras --no-dev --python 3.11

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 factalign
COPY --from=build /app /app
WORKDIR /app
ENV PATH="/app/.venv/bin:$PATH" \
    LITELLM_LOCAL_MODEL_COST_MAP=True \
    FACTALIGN_CACHE__DIRECTORY=/home/factalign/cache
USER factalign
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
# factalign serve, not bare uvicorn: its JSON errors for malformed HTTP, and one SO_REUSEPORT socket per worker.
CMD ["factalign", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
