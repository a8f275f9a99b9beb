"""The CLI's progress bar, driven by the same ``ProgressEvent``s the API streams: stage, chunk k of n, model
calls, and each key point or claim as soon as it is grounded."""

from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from schemas.progress import ProgressEvent

STAGE_LABELS = {
    "fetch": "fetching the page",
    "clean": "cleaning the article",
    "key_points": "finding key points",
    "headline": "writing the headline",
    "claims": "extracting claims",
    "alignment": "aligning claims",
    "consistency": "checking consistency",
    "fact_presence": "checking facts",
    "articles": "reading the articles",
}


class ProgressView:
    """A rich progress display on ``console`` (stderr); call it with each event."""

    def __init__(self, console: Console, message: str) -> None:
        self.console = console
        self.message = message
        self.calls = 0
        self.tokens = 0
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task: TaskID = self.progress.add_task(message, total=None)
        self.stage = message

    def __enter__(self) -> "ProgressView":
        self.progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.progress.stop()

    def _describe(self) -> str:
        calls = (
            f" · {self.calls} model call{'s' if self.calls != 1 else ''}, {self.tokens} tokens" if self.calls else ""
        )
        return f"{escape(self.stage)}{calls}"

    def __call__(self, event: ProgressEvent) -> None:
        if event.kind == "stage_started":
            self.stage = event.message or STAGE_LABELS.get(event.stage or "", event.stage or self.message)
        elif event.kind in ("chunk", "article") and event.total:
            self.progress.update(self.task, total=event.total, completed=event.done or 0)
        elif event.kind == "model_call":
            self.calls += 1
            self.tokens += int(event.data.get("prompt_tokens", 0)) + int(event.data.get("completion_tokens", 0))
        elif event.kind in ("key_point", "claim") and event.item is not None:
            mark = "[green]✓[/]" if event.item.get("grounded", True) else "[yellow]?[/]"
            self.progress.console.print(f"  {mark} {escape(str(event.item.get('text', '')))}", highlight=False)
        self.progress.update(self.task, description=self._describe())
