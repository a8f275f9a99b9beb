"""The ``factalign`` console script: ``--version`` and repeated ``--json`` answers come before any import of
typer, pydantic or the pipeline (``service.cli.quick``); everything else goes to the typer app."""

import sys


def main() -> None:
    args = sys.argv[1:]
    if args == ["--version"]:
        from service import __version__

        sys.stdout.write(f"factalign {__version__}\n")
        return
    from service.cli import quick

    if quick.answer(args):
        return
    quick.LAUNCHED_ARGS = args  # this command line may be noted for next time (see quick.remember)
    from service.cli.commands import app

    app()
