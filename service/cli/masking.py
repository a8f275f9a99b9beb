"""What ``factalign config show`` prints: the effective settings with every credential masked, all roles listed."""

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from service.settings import ROLE_NAMES, Settings

MASK = "***"
# Keys (in `extra`, headers, query strings) whose values are credentials.
SECRET_KEY = re.compile(
    r"(?:^|[-_])(?:authori[sz]ation|api[-_]?key|key|token|secret|password|passwd|cookie|sig|signature)$", re.I
)
_SCHEME_CREDENTIAL = re.compile(r"^(\s*(?:bearer|basic|token|digest)\s+)\S.*$", re.I)


def mask_url(value: str) -> str:
    """``https://user:pw@host/v1?key=abc`` -> ``https://user:***@host/v1?key=***``; other strings unchanged."""
    parts = urlsplit(value)
    if not parts.scheme or not parts.netloc:
        return value
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{MASK}@{host}" if ":" in userinfo else f"{MASK}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, MASK if SECRET_KEY.search(k) else v) for k, v in pairs], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def mask_secret_value(value: Any) -> Any:
    """A credential's value: keep an auth scheme word (``Bearer ***``) so the shape stays readable."""
    if isinstance(value, str):
        match = _SCHEME_CREDENTIAL.match(value)
        return f"{match.group(1)}{MASK}" if match else MASK
    return MASK if value else value


def masked(value: Any, key: str = "") -> Any:
    if key == "api_key" or SECRET_KEY.search(key):
        return mask_secret_value(value) if value else value
    if isinstance(value, dict):
        return {k: masked(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, key) for v in value]
    if isinstance(value, str):
        return mask_url(value)
    return value


def effective_config(settings: Settings) -> dict[str, Any]:
    """Every built-in role is shown, including those that only inherit ``[roles.default]`` (marked so)."""
    data: dict[str, Any] = settings.model_dump(mode="json")
    roles: dict[str, Any] = data["roles"]
    for name in ROLE_NAMES:
        if name not in settings.roles:
            inherited = "roles.default" if "default" in settings.roles else "built-in default"
            roles[name] = {**settings.role(name).model_dump(mode="json"), "inherited_from": inherited}
    for key in data.get("access", {}).get("keys", []):
        key["sha256"] = f"{key['sha256'][:8]}…"
    result: dict[str, Any] = masked(data)
    return result
