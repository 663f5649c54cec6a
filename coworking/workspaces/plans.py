"""A floor plan upload, checked from its bytes (pure: no Flask, no database).

``check_plan(data, declared_type)`` answers a ``Plan``: the bytes to store, the type they were
found to be (which must be the one declared), and the image's size. PNG and JPEG are recognised
by their signatures and measured from their headers (PNG ``IHDR``, JPEG ``SOF``); an SVG is
parsed and re-written by ``workspaces.svg`` (static drawing only). Anything else, anything
larger than ``PLAN_MAX_BYTES``, a type that is not the declared one: ``InvalidPlan`` (422)."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from coworking import errors
from coworking.workspaces import svg

PLAN_MAX_BYTES = 5 * 1024 * 1024
PLAN_TYPES = ("image/svg+xml", "image/png", "image/jpeg")
MAX_SIDE = 20_000  # pixels; a plan larger than this is not a drawing of a floor
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (C4, C8 and CC are other segments that share the range)
SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True)
class Plan:
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def media_type(header: str | None) -> str:
    """``image/svg+xml; charset=utf-8`` → ``image/svg+xml``."""
    return (header or "").split(";", 1)[0].strip().lower()


def check_size(length: int | None) -> None:
    if length is not None and length > PLAN_MAX_BYTES:
        raise errors.InvalidPlan(f"The plan is larger than {PLAN_MAX_BYTES // (1024 * 1024)} MB.")


def sniff(data: bytes) -> str | None:
    """The type the bytes are, from their first bytes; None for none of PNG, JPEG, SVG."""
    if data.startswith(PNG_SIGNATURE):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")):
        return "image/svg+xml"
    return None


def check_plan(data: bytes, declared_type: str | None) -> Plan:
    """The plan to store, or ``InvalidPlan``."""
    check_size(len(data))
    if not data:
        raise errors.InvalidPlan("The plan is empty.")
    declared = media_type(declared_type)
    if declared not in PLAN_TYPES:
        raise errors.InvalidPlan(f"A plan is one of {', '.join(PLAN_TYPES)}, not {declared or 'untyped'}.")
    found = sniff(data)
    if found != declared:
        raise errors.InvalidPlan(f"The file is not {declared}: it does not start as one.")
    if found == "image/png":
        width, height = png_size(data)
        kept = data
    elif found == "image/jpeg":
        width, height = jpeg_size(data)
        kept = data
    else:
        drawing = svg.sanitise(data)
        kept, width, height = drawing.data, drawing.width, drawing.height
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise errors.InvalidPlan(f"The plan's size {width}×{height} is not between 1 and {MAX_SIDE} pixels a side.")
    return Plan(kept, found, width, height)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the ``IHDR`` chunk, which a PNG must start with."""
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise errors.InvalidPlan("The PNG has no header (IHDR).")
    return struct.unpack(">II", data[16:24])


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from the first start-of-frame segment."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in SOF_MARKERS:
            if i + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        if marker == 0xD9 or length < 2:
            break
        i += 2 + length
    raise errors.InvalidPlan("The JPEG has no frame header (SOF).")
