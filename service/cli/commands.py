"""The ``factalign`` typer application. Subcommands from other packages (``factalign eval``) plug in
through the ``factalign.cli`` entry-point group and are imported only when invoked, so this package never
imports them and ``factalign --version``/``--help`` stay fast (no litellm, instructor, trafilatura or pysbd)."""

import sys
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

from service.cli.align import align_command
from service.cli.articles import claims_command, summarise_command
from service.cli.batch import batch_command, worker_command
from service.cli.ops import cache_app, config_app, model_app, serve_command


def _plugins() -> "dict[str, EntryPoint]":
    from importlib.metadata import entry_points  # ~0.1 s: only when a plugin or the command list is needed

    return {plugin.name: plugin for plugin in entry_points(group="factalign.cli")}


class PluginGroup(TyperGroup):
    """Built-in commands plus entry-point plugins, each plugin loaded only when its name is invoked."""

    listing = False  # True while help lists the commands: plugins are then described, not imported

    def format_help(self, ctx: Any, formatter: Any) -> None:
        PluginGroup.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            PluginGroup.listing = False

    def list_commands(self, ctx: Any) -> list[str]:  # typer vendors click: its Context is private
        return [*super().list_commands(ctx), *sorted(set(_plugins()) - set(self.commands))]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        plugin = _plugins().get(cmd_name)
        if plugin is None:
            return None
        if PluginGroup.listing or ctx.resilient_parsing:
            return TyperCommand(cmd_name, help=f"(plugin {plugin.value}; see factalign {cmd_name} --help)")
        try:
            command = typer.main.get_command(plugin.load())
        except ImportError as exc:  # a broken plugin must not take the core commands down with it
            print(f"factalign: command {cmd_name!r} unavailable: {exc}", file=sys.stderr)
            return None
        command.name = cmd_name
        self.add_command(command, cmd_name)
        return command


def _version(value: bool) -> None:
    if value:
        from service import __version__

        typer.echo(f"factalign {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="factalign",
    help="Grounded summaries, claims and cross-article fact alignment for news articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=PluginGroup,
)


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Grounded summaries, claims and cross-article fact alignment for news articles."""


app.command("summarise")(summarise_command)
app.command("summarize", hidden=True)(summarise_command)
app.command("claims")(claims_command)
app.command("serve")(serve_command)
app.add_typer(config_app, name="config")
app.add_typer(cache_app, name="cache")
app.add_typer(model_app, name="model")
app.command("align")(align_command)
app.command("batch")(batch_command)
app.command("worker")(worker_command)
