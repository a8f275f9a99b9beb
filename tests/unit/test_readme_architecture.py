"""The README's architecture block names every package and module under service/ and evals/, so it cannot drift
from the code unnoticed: add a line there when you add one here."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORED = {"__init__.py", "__main__.py", "__pycache__", "ruff.toml", "templates", "static"}


def architecture_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"## Architecture\n\n```\n(.*?)```", readme, re.S)
    assert match, "README.md needs an '## Architecture' section with a fenced block"
    return match.group(1)


def entries(folder: str) -> list[str]:
    return sorted(
        p.name.removesuffix(".py")
        for p in (ROOT / folder).iterdir()
        if p.name not in IGNORED and (p.is_dir() or p.suffix == ".py") and not p.name.startswith(".")
    )


@pytest.mark.parametrize("folder", ["service", "evals"])
def test_every_package_and_module_is_in_the_architecture_block(folder: str) -> None:
    block = architecture_block()
    missing = [name for name in entries(folder) if not re.search(rf"\b{re.escape(name)}\b", block)]
    assert not missing, f"README architecture block does not mention {folder}/{missing}"


def test_every_top_level_folder_of_code_is_in_the_block() -> None:
    block = architecture_block()
    for folder in ("schemas", "prompts", "service", "factalign", "evals", "tests", "bench", "seeds"):
        assert re.search(rf"(^|\s){folder}/", block, re.M), folder
