"""Suites by name or path: hand-labelled YAML in ``evals/cases`` and JSONL records in the shared data folder."""

import hashlib
import os
from pathlib import Path

import yaml

from evals.datasets.conflicts import is_edit_file, load_edit_file
from evals.datasets.records import load_records, suite_name
from evals.datasets.seeds import REPO, load_seed_file
from evals.suite import Case, Suite

CASES_DIR = REPO / "evals" / "cases"
# Licence-restricted text is read from here at run time and never copied into the repo.
DATA_DIR = Path(os.environ.get("FACTALIGN_EVAL_DATA", str(REPO.parent / "shared" / "data")))
NAMED = {
    "seeds": CASES_DIR / "seeds.yaml",
    "conflicts": CASES_DIR / "conflicts.yaml",
    "summedits": DATA_DIR / "summedits_news" / "dev.jsonl",
    "wice": DATA_DIR / "wice" / "dev.jsonl",
    "propsegment": DATA_DIR / "propsegment_wiki" / "dev.jsonl",
}
# JSONL suites whose request bodies may be committed. None: SummEdits and WiCE text is third-party, and the
# PropSegmEnt propositions sent to the model are annotations of unstated licence (only its Wikipedia text is free).
REDISTRIBUTABLE: tuple[str, ...] = ()


DATA_PREFIX = "data:"  # logs name shared-data files relative to $FACTALIGN_EVAL_DATA, so they move between machines


def resolve(name_or_path: str) -> Path:
    if name_or_path.startswith(DATA_PREFIX):
        name_or_path = str(DATA_DIR / name_or_path.removeprefix(DATA_PREFIX))
    path = NAMED.get(name_or_path, Path(name_or_path))
    if not path.is_absolute() and not path.exists():
        path = REPO / path  # logs store repo-relative sources
    if not path.exists():
        known = ", ".join(NAMED)
        raise FileNotFoundError(f"no suite file {path} (named suites: {known}; or give a .yaml/.jsonl path)")
    return path


def display_path(path: Path) -> str:
    """Repo-relative inside the repo, ``data:``-relative inside the shared data folder, so logs are portable."""
    resolved = path.resolve()
    if resolved.is_relative_to(REPO):
        return str(resolved.relative_to(REPO))
    if resolved.is_relative_to(DATA_DIR.resolve()):
        return DATA_PREFIX + str(resolved.relative_to(DATA_DIR.resolve()))
    return str(resolved)


def load_suite(name_or_path: str) -> Suite:
    path = resolve(name_or_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if path.suffix in (".yaml", ".yml"):
        name = path.stem
        is_edits = is_edit_file(yaml.safe_load(path.read_text(encoding="utf-8")))
        cases = load_edit_file(path, name, REPO) if is_edits else load_seed_file(path, name)
        restricted = False
    else:
        name = suite_name(path)
        cases = load_records(path, name)
        restricted = not any(path.parent.name.startswith(prefix) for prefix in REDISTRIBUTABLE)
    return Suite(name=name, source=display_path(path), sha256=digest, restricted=restricted, cases=tuple(cases))


def select(cases: tuple[Case, ...], limit: int | None) -> tuple[Case, ...]:
    """The first ``limit`` cases of each task, so a limited run still covers every task of a suite."""
    if limit is None:
        return cases
    taken: dict[str, int] = {}
    chosen: list[Case] = []
    for case in cases:
        if taken.get(case.task, 0) < limit:
            taken[case.task] = taken.get(case.task, 0) + 1
            chosen.append(case)
    return tuple(chosen)
