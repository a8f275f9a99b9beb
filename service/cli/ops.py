"""Operations: ``serve``, ``config show``, ``cache stats|clear``, ``model status|serve``."""

import json
import signal
import time
from dataclasses import asdict
from typing import Annotated

import typer

from service.cache import open_cache
from service.cli.masking import effective_config
from service.cli.terminal import console, fail, out
from service.errors import FactalignError
from service.settings import Settings

config_app = typer.Typer(help="Show the effective configuration.", no_args_is_help=True)
cache_app = typer.Typer(help="Inspect or clear the response cache.", no_args_is_help=True)
model_app = typer.Typer(help="The embedded local model server.", no_args_is_help=True)


def serve_command(
    host: Annotated[str, typer.Option(help="Bind address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (each owns its queue and limits).")] = 1,
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs)."""
    from service.api.server import serve

    Settings()  # a broken config fails here, before any worker starts
    serve(host=host, port=port, workers=workers)


@config_app.command("show")
def config_show() -> None:
    """The effective settings (file + FACTALIGN_* environment), secrets masked."""
    out.print_json(json.dumps(effective_config(Settings())))


@cache_app.command("stats")
def cache_stats(json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Entries, size, location and health of the response cache (a damaged cache is moved aside and reported)."""
    cache = open_cache(Settings().cache)
    try:
        stats = cache.stats()
    finally:
        cache.close()
    if json_out:
        out.print_json(json.dumps(asdict(stats)))
        return
    size = f"{stats.size_bytes / 1024:.1f} KiB" if stats.size_bytes >= 0 else "unknown"
    entries = str(stats.entries) if stats.entries >= 0 else "unknown"
    out.print(
        f"backend:   {stats.backend}\ndirectory: {stats.directory}\nentries:   {entries}\nsize:      {size}\n"
        f"health:    {'ok' if stats.healthy else 'FAILING'} ({stats.detail})"
    )


@cache_app.command("clear")
def cache_clear(yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False) -> None:
    """Delete every cached response (a damaged cache is moved aside and recreated empty)."""
    cache = open_cache(Settings().cache)
    if not yes and not typer.confirm(f"delete every entry in {cache.backend.location}?"):
        raise typer.Abort()
    try:
        removed = cache.clear()
        from service.cli.quick import forget_all

        forget_all()  # the CLI's notes of answers (service.cli.quick) go with the entries
    except Exception as exc:
        fail(f"could not clear the cache at {cache.backend.location}: {exc}", 1)
    finally:
        cache.close()
    out.print(f"removed {removed} entries" + (f"; {cache.last_recovery}" if cache.last_recovery else ""))


@model_app.command("status")
def model_status() -> None:
    """Is the embedded model installed, verified, and is a shared server running?"""
    from service.local_model import embedded_gguf, llama_server_available, shared_server

    settings = Settings()
    out.print(f"llama-cpp-python installed: {llama_server_available()}")
    try:
        path = settings.local_model.gguf_path or embedded_gguf()
        out.print(f"model file: {path} ({path.stat().st_size / 2**20:.1f} MiB)")
    except FactalignError as exc:
        out.print(f"model file: missing ({exc.message})")
    running = shared_server(settings.cache.directory)
    out.print(f"shared server: {running.api_base + ' (pid ' + str(running.pid) + ')' if running else 'not running'}")
    roles = {name: role.model for name, role in settings.roles.items()}
    out.print(f"roles: {roles}")


@model_app.command("serve")
def model_serve() -> None:
    """Run the embedded model server in the foreground; other factalign commands reuse it until Ctrl-C."""
    from service.local_model import LocalServer

    settings = Settings()
    server = LocalServer(settings.local_model, settings.cache.directory)
    try:
        with console.status("starting llama.cpp server…"):
            api_base = server.start()
    except FactalignError as exc:
        fail(exc.message, 3)
    server.write_state()
    out.print(f"serving {server.model_path} at {api_base} (log: {server.log_file}); Ctrl-C stops it")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while server.process is not None and server.process.poll() is None:
            time.sleep(0.5)
        fail(f"the server exited; see {server.log_file}", 3)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
