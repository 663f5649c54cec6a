"""An uploaded SVG floor plan made safe: parsed without any DTD, kept to static drawing, and
written anew (pure: no Flask, no database).

Parsing: ``defusedxml`` with ``forbid_dtd``, ``forbid_entities`` and ``forbid_external``: a
document type declaration is refused outright, so no entity is ever declared (no XXE, no
"billion laughs"), and external references are refused too. What is written back is only what the allowlists below
name: elements of shapes, text, groups, gradients and clip paths in the SVG namespace;
presentation attributes; ``href`` only to ``#an-id`` of the same document; ``style``
declarations of allowed properties whose values fetch nothing. The source's comments,
processing instructions, namespaces and other elements (``<style>``, ``<image>``, ``<a>``,
editors' metadata…) are dropped.

Refused (``InvalidPlan``), so the manager learns the drawing is not what it seemed: a document
that is not well-formed XML or not an ``<svg>``, any DTD, a ``<script>`` or ``<foreignObject>``,
an event attribute (``onload``…), a ``javascript:`` URL, a tree too large or too deep."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from coworking import errors

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_ELEMENTS = 50_000
MAX_DEPTH = 64

ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "defs",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "symbol",
        "use",
        "marker",
    ]
)
REFUSED_ELEMENTS = frozenset({"script", "foreignObject", "handler", "listener"})
TEXT_ELEMENTS = frozenset({"text", "tspan", "title", "desc"})
# Where a shape is and what it links to: attributes only, never in a ``style`` declaration.
GEOMETRY = frozenset(
    [
        "id",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "width",
        "height",
        "d",
        "points",
        "viewBox",
        "transform",
        "version",
    ]
)
# How it looks: attributes, and the properties a ``style`` declaration may set.
STYLE_PROPERTIES = frozenset(
    [
        "preserveAspectRatio",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "display",
        "visibility",
        "color",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "alignment-baseline",
        "letter-spacing",
        "word-spacing",
        "text-decoration",
        "dx",
        "dy",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "clip-path",
        "clip-rule",
        "clipPathUnits",
        "marker-start",
        "marker-mid",
        "marker-end",
        "markerWidth",
        "markerHeight",
        "refX",
        "refY",
        "orient",
        "markerUnits",
        "vector-effect",
        "shape-rendering",
    ]
)
ATTRIBUTES = GEOMETRY | STYLE_PROPERTIES
HREF_ELEMENTS = frozenset({"use", "linearGradient", "radialGradient"})
LOCAL_REF = re.compile(r"^#[A-Za-z_][\w.:-]*$")
LOCAL_URL = re.compile(r"url\(\s*(['\"]?)#[A-Za-z_][\w.:-]*\1\s*\)")
JAVASCRIPT = re.compile(r"(?i)j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:")
UNSAFE_VALUE = re.compile(r"(?i)url\s*\(|expression\s*\(|@import|\\|/\*|<|javascript:")
NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?\d+)?)\s*(px)?\s*$")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)  # Nodes and strings (text)


@dataclass(frozen=True)
class Drawing:
    data: bytes
    width: int
    height: int


def _refuse(detail: str):
    raise errors.InvalidPlan(detail)


def parse(data: bytes) -> Node:
    """The document's tree, namespaced names as ``"{ns}local"``; ``InvalidPlan`` when it is
    not well-formed, declares a DTD or an entity, or is too large."""
    try:
        element = DefusedET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        _refuse("An SVG plan may not have a document type declaration (DTD) or entities.")
    except ParseError as error:
        _refuse(f"The SVG is not well-formed XML ({error}).")
    count = 0

    def node(el, depth: int) -> Node:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS or depth >= MAX_DEPTH:
            _refuse("The SVG is too large or too deeply nested.")
        made = Node(str(el.tag), dict(el.attrib))
        if el.text:
            made.children.append(el.text)
        for child in el:
            if not isinstance(child.tag, str):  # comments and processing instructions
                continue
            made.children.append(node(child, depth + 1))
            if child.tail:
                made.children.append(child.tail)
        return made

    return node(element, 0)


def _local(name: str, namespaces=(SVG_NS,)) -> str | None:
    """The local name of an element or attribute of one of ``namespaces`` (attributes without
    a namespace count as the element's own), else None."""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return local if ns in namespaces else None
    return name


def sanitise(data: bytes) -> Drawing:
    root = parse(data)
    if root.tag != f"{{{SVG_NS}}}svg":
        _refuse("The file is not an SVG drawing (its root is not <svg> in the SVG namespace).")
    _check_dropped(Node("", {}, [root]))  # script anywhere is refused before any other fault
    width, height, view_box = _size(root.attrs)
    out: list[str] = []
    _write(root, out, top=True, view_box=view_box)
    return Drawing("".join(out).encode("utf-8"), width, height)


def _size(attrs: dict[str, str]) -> tuple[int, int, str | None]:
    """The drawing's size from its viewBox, else its width and height (in px or unitless);
    the viewBox to add when it has none."""
    box = attrs.get("viewBox")
    if box:
        parts = box.replace(",", " ").split()
        try:
            _x, _y, w, h = (float(p) for p in parts)
        except ValueError:
            _refuse("The SVG's viewBox is not four numbers.")
        if w > 0 and h > 0:
            return max(1, round(w)), max(1, round(h)), None
        _refuse("The SVG's viewBox has no area.")
    w_match = NUMBER.match(attrs.get("width", ""))
    h_match = NUMBER.match(attrs.get("height", ""))
    if w_match and h_match and float(w_match[1]) > 0 and float(h_match[1]) > 0:
        w, h = float(w_match[1]), float(h_match[1])
        return max(1, round(w)), max(1, round(h)), f"0 0 {w_match[1]} {h_match[1]}"
    _refuse("The SVG needs a viewBox, or a width and height in pixels, to be placed on.")


def _write(node: Node, out: list[str], *, top: bool = False, view_box: str | None = None) -> None:
    name = _local(node.tag)
    if name in REFUSED_ELEMENTS or (name is None and node.tag.rpartition("}")[2] in REFUSED_ELEMENTS):
        _refuse(f"An SVG plan may not hold <{node.tag.rpartition('}')[2]}>.")
    for key, value in node.attrs.items():
        local = key.rpartition("}")[2]
        if local.lower().startswith("on"):
            _refuse(f"An SVG plan may not hold event attributes ({local}).")
        if JAVASCRIPT.search(value):
            _refuse("An SVG plan may not hold javascript: links.")
    if name not in ELEMENTS:
        _check_dropped(node)
        return
    attrs = _attributes(name, node.attrs)
    if name == "use" and "href" not in attrs:
        return  # a <use> of another document (or of nothing) is dropped
    if top:
        attrs = {"xmlns": SVG_NS, **attrs}
        if view_box:
            attrs["viewBox"] = view_box
    out.append("<" + name + "".join(f' {k}="{_escape(v)}"' for k, v in attrs.items()))
    children = [c for c in node.children if isinstance(c, Node) or name in TEXT_ELEMENTS]
    if not children:
        out.append("/>")
        return
    out.append(">")
    for child in children:
        if isinstance(child, Node):
            _write(child, out)
        else:
            out.append(_escape(child, quote=False))
    out.append(f"</{name}>")


def _check_dropped(node: Node) -> None:
    """A dropped element's subtree is not written, but what it holds is still refused if it
    is script: the manager should hear that the drawing carried some."""
    for child in node.children:
        if isinstance(child, Node):
            _write(child, [])


def _attributes(element: str, attrs: dict[str, str]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for key, value in attrs.items():
        local = _local(key, (SVG_NS, XLINK_NS))
        if key == "{http://www.w3.org/XML/1998/namespace}space":
            kept["xml:space"] = "preserve" if value == "preserve" else "default"
        elif local == "href":
            if element in HREF_ELEMENTS and LOCAL_REF.match(value.strip()):
                kept["href"] = value.strip()
        elif local == "style":
            style = _style(value)
            if style:
                kept["style"] = style
        elif local in ATTRIBUTES and _safe_value(value):
            kept[local] = value
    return kept


def _safe_value(value: str) -> bool:
    """No fetching: a value may name ``url(#id)`` of this document and nothing else."""
    return not UNSAFE_VALUE.search(LOCAL_URL.sub("", value))


def _style(text: str) -> str:
    """The declarations of ``text`` with allowed properties and safe values."""
    kept = []
    for declaration in text.split(";"):
        prop, sep, value = declaration.partition(":")
        prop, value = prop.strip(), value.strip()
        if sep and prop in STYLE_PROPERTIES and value and _safe_value(value) and not any(c in value for c in "{}"):
            kept.append(f"{prop}:{value}")
    return ";".join(kept)


def _escape(text: str, *, quote: bool = True) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text
