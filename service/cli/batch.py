"""``factalign batch DIR|FILE.jsonl`` (local or queued, resumable, JSONL out) and ``factalign worker``."""

import asyncio
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from service.cli.terminal import console, fail, out
from service.settings import Settings

SourceArg = Annotated[Path, typer.Argument(help="A directory of article files, or a .jsonl file of requests.")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="JSONL results; items already answered in it are skipped.")]
KindOpt = Annotated[Literal["summary", "claims"], typer.Option("--kind", help="summary | claims")]
ConcurrencyOpt = Annotated[int, typer.Option("--concurrency", "-n", min=1, max=256, help="Items in flight locally.")]
QueueOpt = Annotated[
    bool, typer.Option("--queue", help="Send the items to `factalign worker` processes through Redis (queue.*).")
]


def batch_command(
    source: SourceArg,
    out_path: OutOpt = Path("results.jsonl"),
    kind: KindOpt = "summary",
    concurrency: ConcurrencyOpt = 2,
    queue: QueueOpt = False,
) -> None:
    """Summaries or claims of many articles, one JSON line per article; run it again to resume."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from service.batch.items import ResultWriter, finished_ids, read_items
    from service.errors import FactalignError

    settings = Settings()
    try:
        items = read_items(source)
    except FactalignError as exc:
        fail(exc.message, 2)
    done = finished_ids(out_path)
    todo = [item for item in items if item.id not in done]
    failed: list[str] = []
    writer = ResultWriter(out_path)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task(f"{kind} ({'queue' if queue else f'{concurrency} at a time'})", total=len(items))
        progress.update(task, completed=len(items) - len(todo))

        def on_done(record: dict[str, Any]) -> None:
            if not record.get("ok"):
                failed.append(str(record.get("id")))
            progress.advance(task)

        try:
            if queue:
                from service.batch.queue import run_queued

                asyncio.run(run_queued(kind, todo, writer, settings, on_done=on_done))
            else:
                from service.batch.run import run_local

                asyncio.run(run_local(kind, todo, writer, settings, concurrency=concurrency, on_done=on_done))
        except KeyboardInterrupt:
            fail(f"interrupted; finished items are in {out_path}, run the same command again to resume", 130)
        finally:
            writer.close()
    skipped = len(items) - len(todo)
    out.print(f"{len(todo) - len(failed)} done, {len(failed)} failed, {skipped} already in {out_path}")
    if failed:
        fail(f"failed: {', '.join(failed[:10])}{' …' if len(failed) > 10 else ''} (details in {out_path})", 1)


MetricsPortOpt = Annotated[
    int | None,
    typer.Option(
        "--metrics-port",
        min=1,
        max=65535,
        help="Serve Prometheus metrics (model calls, tokens, cache, the queue's depth) on this port.",
    ),
]
MetricsHostOpt = Annotated[str, typer.Option("--metrics-host", help="Address the metrics port binds.")]


def worker_command(metrics_port: MetricsPortOpt = None, metrics_host: MetricsHostOpt = "127.0.0.1") -> None:
    """Run batch jobs from the Redis queue (queue.redis_url) until stopped; start one per machine or core."""
    from service.batch.queue import build_worker

    settings = Settings()
    if metrics_port is not None:
        from prometheus_client import start_http_server

        from service.telemetry.metrics import REGISTRY

        start_http_server(metrics_port, addr=metrics_host, registry=REGISTRY)
        console.print(f"metrics on http://{metrics_host}:{metrics_port}/metrics")
    console.print(f"factalign worker on queue {settings.queue.name!r}; Ctrl-C stops it")
    build_worker(settings, metrics=metrics_port is not None).run()
