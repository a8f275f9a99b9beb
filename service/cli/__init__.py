"""The ``factalign`` command line. ``service.cli.launch:main`` is the console script: it answers ``--version``
and repeated ``--json`` requests before importing typer or pydantic; ``app`` (``service.cli.commands``) is the typer
application, imported on first use so that importing this package costs nothing (not even ``typing``)."""


def __getattr__(name: str) -> object:
    if name == "app":
        from service.cli.commands import app

        return app
    raise AttributeError(f"module 'service.cli' has no attribute {name!r}")
