"""Prompt files: load ``prompts/<id>.v<N>.md`` (YAML front matter + Jinja2 body), render, hash.

Which version of each prompt runs is pinned in ``prompts/registry.toml`` (pipeline and eval judges alike), so a
new prompt file is adopted only by editing that file, on purpose, and re-recording the cassettes that replay it.

A body has two parts, introduced by the lines ``<!-- system -->`` and ``<!-- user -->``. Article text is
only ever inserted through the ``fenced`` filter, which puts it in a labelled block the instructions refer
to and strips anything inside that could close the block early.
"""

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from service.errors import ConfigError
from service.normalise.languages import answer_in

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
REGISTRY_FILE = "registry.toml"
_NAME = re.compile(r"^(?P<id>[a-z_]+)\.v(?P<version>\d+)\.md$")
_FENCE_OPEN = "<<<{label}"
_FENCE_CLOSE = "{label}>>>"


@dataclass(frozen=True)
class PromptTemplate:
    id: str
    version: int
    role: str
    output_schema: str
    description: str
    sha256: str
    system: jinja2.Template
    user: jinja2.Template


@dataclass(frozen=True)
class RenderedPrompt:
    id: str
    version: int
    role: str
    sha256: str
    messages: tuple[dict[str, str], ...]


def fenced(text: str, label: str = "ARTICLE") -> str:
    """Wrap untrusted text in a labelled block; delimiters inside the text are defused."""
    label = label.upper()
    inner = text.replace("<<<", "‹‹‹").replace(">>>", "›››")
    return f"{_FENCE_OPEN.format(label=label)}\n{inner}\n{_FENCE_CLOSE.format(label=label)}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters["fenced"] = fenced
    return env


_ENV = _environment()


def _fingerprint(front: dict[str, Any], body: str) -> str:
    """sha256 of what reaches the model: id, version, output schema and the template text. The front matter's
    notes for readers (description, used_by) are left out, so documenting a prompt keeps its recordings and
    cached answers valid; any edit of the text the model sees changes it."""
    material = {"id": front["id"], "version": int(front["version"]), "output_schema": front["output_schema"]}
    return hashlib.sha256((json.dumps(material, sort_keys=True) + "\n" + body).encode("utf-8")).hexdigest()


def _parse(path: Path) -> PromptTemplate:
    match = _NAME.match(path.name)
    if match is None:
        raise ConfigError(f"prompt file {path.name!r} is not named <id>.v<N>.md")
    raw = path.read_text(encoding="utf-8")
    parts = raw.split("---\n", 2)
    if not raw.startswith("---\n") or len(parts) < 3:
        raise ConfigError(f"prompt file {path} has no YAML front matter")
    front: dict[str, Any] = yaml.safe_load(parts[1]) or {}
    body = parts[2]
    if "<!-- system -->" not in body or "<!-- user -->" not in body:
        raise ConfigError(f"prompt file {path} needs '<!-- system -->' and '<!-- user -->' sections")
    system_src, user_src = body.split("<!-- system -->", 1)[1].split("<!-- user -->", 1)
    for key in ("id", "version", "role", "output_schema"):
        if key not in front:
            raise ConfigError(f"prompt file {path} front matter lacks {key!r}")
    if front["id"] != match["id"] or int(front["version"]) != int(match["version"]):
        raise ConfigError(f"prompt file {path.name} front matter id/version disagree with its name")
    return PromptTemplate(
        id=str(front["id"]),
        version=int(front["version"]),
        role=str(front["role"]),
        output_schema=str(front["output_schema"]),
        description=str(front.get("description", "")),
        sha256=_fingerprint(front, body),
        system=_ENV.from_string(system_src.strip()),
        user=_ENV.from_string(user_src.strip()),
    )


@lru_cache(maxsize=8)
def pinned_versions(directory: Path = PROMPTS_DIR) -> dict[str, int]:
    """``[versions]`` of ``<directory>/registry.toml``: prompt id -> the version every caller runs."""
    path = directory / REGISTRY_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path} is missing: it pins the version of every prompt") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    versions = data.get("versions")
    if not isinstance(versions, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in versions.values()
    ):
        raise ConfigError(f"{path} needs a [versions] table of prompt id = version number (an integer >= 1)")
    return {str(k): int(v) for k, v in versions.items()}


@lru_cache(maxsize=64)
def load_prompt(prompt_id: str, version: int | None = None, directory: Path = PROMPTS_DIR) -> PromptTemplate:
    """The given version of a prompt, or the version pinned in the directory's ``registry.toml``."""
    candidates = {}
    for path in directory.glob(f"{prompt_id}.v*.md"):
        m = _NAME.match(path.name)
        if m and m["id"] == prompt_id:
            candidates[int(m["version"])] = path
    if not candidates:
        raise ConfigError(f"no prompt file for {prompt_id!r} in {directory}")
    if version is None:
        pins = pinned_versions(directory)
        if prompt_id not in pins:
            raise ConfigError(
                f"prompt {prompt_id!r} is not pinned in {directory / REGISTRY_FILE}: add `{prompt_id} = "
                f"{max(candidates)}` under [versions] to adopt it (and record the cassettes that replay it)"
            )
    chosen = version if version is not None else pins[prompt_id]
    if chosen not in candidates:
        raise ConfigError(f"prompt {prompt_id!r} has no version {chosen} (have {sorted(candidates)})")
    return _parse(candidates[chosen])


def render(template: PromptTemplate, **variables: Any) -> RenderedPrompt:
    """Render both parts; a missing variable is an error, never an empty string."""
    try:
        system = template.system.render(**variables)
        user = template.user.render(**variables)
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"prompt {template.id}.v{template.version}: {exc.message}") from exc
    language_line = answer_in(variables.get("language"))  # None for English: English prompts are unchanged
    if language_line:
        system = f"{system.rstrip()}\n\n{language_line}"
    return RenderedPrompt(
        id=template.id,
        version=template.version,
        role=template.role,
        sha256=template.sha256,
        messages=({"role": "system", "content": system}, {"role": "user", "content": user}),
    )
