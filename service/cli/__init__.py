"""The ``factalign`` command line (typer). Subcommands from other packages (``factalign eval``) plug in
through the ``factalign.cli`` entry-point group, so this package never imports them."""

from importlib.metadata import entry_points

import typer

from service.cli.align import align_command
from service.cli.articles import claims_command, summarise_command
from service.cli.ops import cache_app, config_app, model_app, serve_command

app = typer.Typer(
    name="factalign",
    help="Grounded summaries, claims and cross-article fact alignment for news articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("summarise")(summarise_command)
app.command("summarize", hidden=True)(summarise_command)
app.command("claims")(claims_command)
app.command("serve")(serve_command)
app.add_typer(config_app, name="config")
app.add_typer(cache_app, name="cache")
app.add_typer(model_app, name="model")

app.command("align")(align_command)

for plugin in entry_points(group="factalign.cli"):
    try:
        app.add_typer(plugin.load(), name=plugin.name)
    except ImportError as exc:  # a broken plugin must not take the core commands down with it
        import sys

        print(f"factalign: command {plugin.name!r} unavailable: {exc}", file=sys.stderr)
