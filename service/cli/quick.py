"""Repeated ``factalign summarise|claims FILE --json`` answered before typer, pydantic or the cache library load.

After answering such a command (hit or miss), the CLI writes a small note beside the response cache: the answer's
stored JSON under a fingerprint of everything the command depended on — its arguments, the working directory,
the bytes of every file named in them, the FACTALIGN_* environment, the config file's bytes and the size and
time of every source file. The next identical command finds the note by that fingerprint and prints the answer;
anything different (an edited article, config, environment or code) is another fingerprint, so it takes the
ordinary path. Standard library only: this runs on every ``factalign`` start.
"""

import os
import sys
import time

try:  # the built-in module: hashlib would load OpenSSL first, the largest part of this path's start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (other Python builds)
    from hashlib import blake2b

NOTE_FORMAT = 1
COMMANDS = ("summarise", "summarize", "claims")
NOTES_DIR = "cli-answers"  # inside the response cache directory
MAX_NOTES = 512  # the oldest are deleted past this many
# Must equal service.cache.requests.SOURCE_ROOTS / SOURCE_SUFFIXES (a test keeps them equal; importing that
# module here would load the cache library on every start).
SOURCE_ROOTS = ("service", "schemas", "prompts")
SOURCE_SUFFIXES = {".py", ".md", ".j2", ".jinja", ".html", ".css", ".js", ".toml", ".json", ".yaml", ".yml", ".txt"}
ENV_NAMES = ("HOME", "XDG_CACHE_HOME")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCHED_ARGS: list[str] | None = None  # set by the console script; None when the app is called another way


def config_path() -> str:
    return os.environ.get("FACTALIGN_CONFIG", "factalign.toml")


def cache_directory() -> str | None:
    """Where the disk cache is, read as Settings reads it (environment, then the config file, then the default);
    None when the config cannot be read here (Settings will say what is wrong)."""
    if "FACTALIGN_CACHE__DIRECTORY" in os.environ:
        return os.environ["FACTALIGN_CACHE__DIRECTORY"]
    config = config_path()
    if os.path.isfile(config):
        import tomllib

        try:
            with open(config, "rb") as fh:
                cache = tomllib.load(fh).get("cache", {})
        except (OSError, ValueError):
            return None
        if isinstance(cache, dict) and isinstance(cache.get("directory"), str):
            return str(cache["directory"])
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir("factalign"), "responses")


def notes_directory() -> str | None:
    directory = cache_directory()
    return None if directory is None else os.path.join(directory, NOTES_DIR)


def _source_stamp(hasher: "blake2b") -> None:
    """Path, size and modification time of every source file (stat only: an edit changes the time)."""
    stack = [os.path.join(ROOT, name) for name in SOURCE_ROOTS]
    while stack:
        with os.scandir(stack.pop()) as found:
            entries = sorted(found, key=lambda e: e.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    stack.append(entry.path)
            elif os.path.splitext(entry.name)[1] in SOURCE_SUFFIXES:
                stat = entry.stat()
                hasher.update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def _install_stamp(hasher: "blake2b") -> None:
    """Modification time of each site-packages directory on the path: installing, upgrading or removing a package
    renames a ``*.dist-info`` entry there, so the answer of another dependency version is never reused."""
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")):
            try:
                hasher.update(f"{entry}\0{os.stat(entry).st_mtime_ns}\n".encode())
            except OSError:
                continue


def fingerprint(args: list[str]) -> str | None:
    """Of one command line and everything it depends on; None when the command reads stdin (unknown input)."""
    if "-" in args:
        return None
    hasher = blake2b(f"factalign-cli-note {NOTE_FORMAT}\0{os.getcwd()}\0".encode(), digest_size=32)
    hasher.update("\0".join(args).encode("utf-8", "surrogateescape"))
    for arg in args:
        if not arg.startswith("-") and os.path.isfile(arg):
            with open(arg, "rb") as fh:
                hasher.update(b"\0file\0" + blake2b(fh.read(), digest_size=32).digest())
    env = sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith("FACTALIGN_") or k in ENV_NAMES)
    hasher.update("\0env\0".join(env).encode("utf-8", "surrogateescape"))
    config = config_path()
    if os.path.isfile(config):
        with open(config, "rb") as fh:
            hasher.update(b"\0config\0" + fh.read())
    _source_stamp(hasher)
    _install_stamp(hasher)
    return hasher.hexdigest()


def eligible(args: list[str]) -> bool:
    return bool(args) and args[0] in COMMANDS and "--json" in args


def answer(args: list[str]) -> bool:
    """Print the noted answer of this exact command and return True; False (print nothing) otherwise."""
    if not eligible(args):
        return False
    try:
        notes = notes_directory()
        key = fingerprint(args)
        if notes is None or key is None:
            return False
        with open(os.path.join(notes, f"{key}.note"), encoding="utf-8") as fh:
            head = fh.readline().split()
            if head[:2] != ["factalign-note", str(NOTE_FORMAT)] or (head[2] != "-" and float(head[2]) < time.time()):
                return False
            for _ in range(int(head[3])):  # inputs outside the fingerprint: still the same file?
                size, mtime_ns, path = fh.readline().rstrip("\n").split(" ", 2)
                stat = os.stat(path)
                if (stat.st_size, stat.st_mtime_ns) != (int(size), int(mtime_ns)):
                    return False
            printed = fh.read()
    except (OSError, ValueError, IndexError):
        return False
    if sys.stdout.isatty():
        from rich.console import Console

        Console().print_json(printed)  # coloured, as the typer command prints it on a terminal
    else:
        sys.stdout.write(printed)
        sys.stdout.flush()
    return True


def printed_form(text: str) -> str:
    """What the CLI prints for JSON text when stdout is not a terminal (rich's print_json without colour)."""
    import json

    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def remember(text: str, *, cache_dir: str, ttl_s: float | None, files: list[str]) -> None:
    """Note ``text`` as the answer of the command line the console script started with (after the ordinary path
    answered it from or into the disk cache at ``cache_dir``). ``files``: inputs outside the fingerprint (a
    custom GGUF). Never raises."""
    args = LAUNCHED_ARGS
    if args is None or not eligible(args):
        return
    try:
        notes = notes_directory()
        key = fingerprint(args)
        if notes is None or key is None or os.path.realpath(os.path.dirname(notes)) != os.path.realpath(cache_dir):
            return  # a cache directory this module would not find again: no note
        expires = "-" if ttl_s is None else repr(time.time() + ttl_s)
        lines = [f"factalign-note {NOTE_FORMAT} {expires} {len(files)}\n"]
        lines += [f"{os.stat(f).st_size} {os.stat(f).st_mtime_ns} {f}\n" for f in files]
        os.makedirs(notes, exist_ok=True)
        partial = os.path.join(notes, f".{key}.{os.getpid()}.tmp")
        with open(partial, "w", encoding="utf-8") as fh:  # header lines, then exactly what is printed
            fh.write("".join(lines) + printed_form(text))
        os.replace(partial, os.path.join(notes, f"{key}.note"))  # atomic: readers see the old note or the new
        _prune(notes)
    except (OSError, ValueError):
        return


def _prune(notes: str) -> None:
    entries = [e for e in os.scandir(notes) if e.name.endswith(".note")]
    if len(entries) > MAX_NOTES:
        entries.sort(key=lambda e: e.stat().st_mtime)
        for old in entries[: len(entries) - MAX_NOTES]:
            os.unlink(old.path)


def forget_all() -> int:
    """Delete every note (``factalign cache clear``); returns how many."""
    notes = notes_directory()
    if notes is None or not os.path.isdir(notes):
        return 0
    removed = 0
    for entry in os.scandir(notes):
        if entry.name.endswith(".note"):
            os.unlink(entry.path)
            removed += 1
    return removed
