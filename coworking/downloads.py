"""The Content-Disposition of every download (RFC 6266): one place that turns a file name,
which may hold user text (a desk code such as ``Δ-1`` or ``A"B;x``, a workspace slug), into a
header that cannot be broken out of."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# RFC 5987 attr-char besides ALPHA / DIGIT (what ``filename*`` may hold unencoded).
_ATTR_CHARS = "!#$&+-.^_`|~"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_fallback(filename: str) -> str:
    """The name for clients that ignore ``filename*``: accents dropped (é → e), anything else
    outside letters, digits, dot, dash and underscore replaced by ``_``."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", filename) if not unicodedata.combining(c))
    return _UNSAFE.sub("_", plain).strip("_") or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment`` (or ``inline``) with an ASCII ``filename`` and, when that is not the name
    itself, the exact UTF-8 name in ``filename*`` (as Werkzeug's ``send_file`` does); neither
    can carry a quote, a semicolon, a line break or a path."""
    kind = "inline" if inline else "attachment"
    fallback = ascii_fallback(filename)
    if fallback == filename:
        return f'{kind}; filename="{fallback}"'
    exact = quote(filename.replace("/", "_").replace("\\", "_"), safe=_ATTR_CHARS)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{exact}"
