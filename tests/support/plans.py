"""Floor plan images for tests: a real PNG and JPEG header of a chosen size, a clean SVG and
hostile ones (each with what it tries)."""

from __future__ import annotations

import struct
import zlib


def png(width: int = 40, height: int = 20) -> bytes:
    """A valid white PNG of ``width``×``height`` (browsers draw it)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg(width: int = 640, height: int = 480) -> bytes:
    """The start of a baseline JPEG: SOI, a JFIF APP0 segment and the frame header (SOF0)."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'

PLAN_SVG = (
    f'<svg {SVG_NS} viewBox="0 0 800 400">'
    '<rect x="10" y="10" width="780" height="380" fill="#f4f1ea" stroke="#333" stroke-width="4"/>'
    '<rect x="20" y="20" width="200" height="120" fill="#dde"/><text x="40" y="80">Kitchen</text>'
    '<line x1="300" y1="10" x2="500" y2="10" stroke="#39f" stroke-width="8"/></svg>'
).encode()


def svg(body: str, attrs: str = 'viewBox="0 0 100 100"', prolog: str = "") -> bytes:
    return f"{prolog}<svg {SVG_NS} {attrs}>{body}</svg>".encode()


# Refused outright: script in any form, DTDs (XXE, billion laughs), not well-formed.
REFUSED = {
    "script element": svg("<script>fetch('/api/v1/me')</script>"),
    "script in another namespace": svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
    "script inside a dropped element": svg("<a><g><script>alert(1)</script></g></a>"),
    "onload": svg("<rect/>", attrs='viewBox="0 0 10 10" onload="alert(1)"'),
    "onclick on a shape": svg('<rect width="5" height="5" onclick="alert(1)"/>'),
    "foreignObject": svg('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>'),
    "javascript: link": svg('<a href="javascript:alert(1)"><rect width="5" height="5"/></a>'),
    "javascript: in xlink:href of use": svg(
        '<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="jav&#x09;ascript:alert(1)"/>'
    ),
    "XXE": svg(
        "<text>&xxe;</text>", prolog='<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    ),
    "external DTD": svg("<rect/>", prolog='<!DOCTYPE svg SYSTEM "http://attacker.example/evil.dtd">'),
    "billion laughs": svg(
        "<text>&lol9;</text>",
        prolog="<!DOCTYPE svg ["
        + '<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + "]>",
    ),
    "not well-formed": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect></svg>',
    "not an svg root": b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
    "no size": svg("<rect/>", attrs=""),
}

# Served clean: what could fetch something or style the page is dropped, the drawing kept.
CLEANED = {
    "external image": (
        svg('<image href="http://attacker.example/track.png"/><rect width="5" height="5"/>'),
        "attacker",
    ),
    "external use": (
        svg('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="http://attacker.example/x.svg#a"/>'),
        "attacker",
    ),
    "style url(http)": (
        svg('<rect width="5" height="5" style="fill:url(http://attacker.example/a);stroke:red"/>'),
        "attacker",
    ),
    "fill url(http)": (svg('<rect width="5" height="5" fill="url(http://attacker.example/p#x)"/>'), "attacker"),
    "style element @import": (svg("<style>@import url(http://attacker.example/x.css);</style><rect/>"), "import"),
    "link element": (svg('<a href="https://attacker.example/"><rect width="5" height="5"/></a>'), "attacker"),
    "animation setting href": (svg('<set attributeName="href" to="https://attacker.example/"/><rect/>'), "attacker"),
}
