"""The demo's floor plans (issue 20): simple drawings of two workspaces, Brussels (a ground
floor and a loft) and Ghent (one floor), each desk placed on its table. The drawings are made
here, in code: walls, windows, rooms and their names, tables. The demo is trusted, so its plans
are saved through the model, but they hold only what the upload's sanitiser keeps (plain
shapes and text, presentation attributes, no style, script, link or external reference)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from coworking.demo.sites import Site
from coworking.extensions import db
from coworking.workspaces.models import Floor

WALL = "#4b5563"
WINDOW = "#60a5fa"
TABLE = "#e5e7eb"
INK = "#374151"


@dataclass(frozen=True)
class Area:
    """A rectangle of the floor: a room with walls and its name, or a zone of desks."""

    label: str
    x: int
    y: int
    w: int
    h: int
    walls: bool = True
    fill: str = "#ffffff"


@dataclass(frozen=True)
class Desks:
    """Desks by code laid out in ``cols`` columns over ``area`` (a room: one desk, its middle)."""

    codes: tuple[str, ...]
    area: Area
    cols: int = 1


@dataclass(frozen=True)
class FloorSpec:
    name: str
    width: int
    height: int
    areas: tuple[Area, ...]
    desks: tuple[Desks, ...]
    windows: tuple[tuple[int, int, int, int], ...] = ()
    notes: tuple[tuple[str, int, int], ...] = ()  # free text: (words, x, y)


@dataclass
class Drawn:
    svg: bytes
    places: dict[str, tuple[float, float]] = field(default_factory=dict)  # desk code → (x, y), 0–1


def _codes(prefix: str, first: int, last: int, width: int = 2) -> tuple[str, ...]:
    return tuple(f"{prefix}{n:0{width}d}" for n in range(first, last + 1))


def _brussels() -> tuple[FloorSpec, ...]:
    atelier = Area("Atelier", 40, 60, 540, 430, walls=False)
    front = Area("Front room", 620, 60, 540, 430, walls=False)
    senne = Area("Senne (meeting room)", 20, 560, 360, 220)
    workshop = Area("Atelier (meeting room)", 380, 560, 220, 220)
    kitchen = Area("Kitchen", 600, 560, 260, 220, fill="#fef9c3")
    booths = tuple(Area(f"Booth {n + 1}", 860 + 107 * n, 560, 107, 120, fill="#f5f5f4") for n in range(3))
    ground = FloorSpec(
        "Ground floor",
        1200,
        800,
        (atelier, front, senne, workshop, kitchen, *booths, Area("Stairs to the loft", 860, 680, 160, 100)),
        (
            Desks(_codes("H", 1, 7), atelier, 4),
            Desks(_codes("H", 8, 14), front, 4),
            Desks(("Senne",), senne),
            Desks(("Atelier",), workshop),
            *(Desks((f"PB{n + 1}",), booth) for n, booth in enumerate(booths)),
        ),
        windows=((80, 20, 240, 20), (320, 20, 480, 20), (700, 20, 860, 20), (940, 20, 1100, 20)),
        notes=(("Windows on Rue Antoine Dansaert", 600, 48), ("Entrance", 1100, 740)),
    )
    loft_desks = Area("Loft", 40, 60, 560, 480, walls=False)
    fixed = Area("Fixed desks", 640, 60, 520, 480, walls=False)
    loft = FloorSpec(
        "Loft",
        1200,
        800,
        (
            loft_desks,
            fixed,
            Area("Lounge", 20, 580, 520, 200, fill="#ecfccb"),
            Area("Tea corner", 540, 580, 320, 200, fill="#fef9c3"),
            Area("Stairs down", 860, 580, 320, 200),
        ),
        (Desks(_codes("H", 15, 20), loft_desks, 3), Desks(_codes("F", 1, 5), fixed, 3)),
        windows=((120, 20, 520, 20), (700, 20, 1100, 20)),
        notes=(("Skylights", 600, 48),),
    )
    return ground, loft


def _ghent() -> tuple[FloorSpec, ...]:
    dock = Area("Dockside", 40, 40, 620, 520, walls=False)
    leie = Area("Leie (meeting room)", 700, 20, 280, 300)
    booth = Area("Phone booth", 700, 320, 140, 140, fill="#f5f5f4")
    kitchen = Area("Kitchen", 840, 320, 140, 260, fill="#fef9c3")
    return (
        FloorSpec(
            "Dok Noord",
            1000,
            600,
            (dock, leie, booth, kitchen, Area("Entrance", 700, 460, 140, 120)),
            (Desks(_codes("H", 1, 6), dock, 3), Desks(("Leie",), leie), Desks(("PB1",), booth)),
            windows=((20, 80, 20, 260), (20, 340, 20, 520)),
            notes=(("Windows on the dock", 150, 580),),
        ),
    )


PLANS = {"brussels-dansaert": _brussels, "ghent-dok-noord": _ghent}


def draw(spec: FloorSpec) -> Drawn:
    """The floor as an SVG document (walls, windows, rooms, tables, names) and each desk's place."""
    w, h = spec.width, spec.height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">',
        f"<title>{escape(spec.name)}</title>",
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="#f9fafb"/>',
        f'<rect x="20" y="20" width="{w - 40}" height="{h - 40}" fill="#ffffff" stroke="{WALL}" stroke-width="8"/>',
    ]
    for x1, y1, x2, y2 in spec.windows:
        out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{WINDOW}" stroke-width="10"/>')
    for area in spec.areas:
        if area.walls:
            out.append(
                f'<rect x="{area.x}" y="{area.y}" width="{area.w}" height="{area.h}" fill="{area.fill}" '
                f'stroke="{WALL}" stroke-width="4"/>'
            )
        out.append(_text(area.label, area.x + 14, area.y + (30 if area.walls else 0), 20, anchor="start"))
    drawn = Drawn(b"")
    for group in spec.desks:
        area, n = group.area, len(group.codes)
        cols = max(1, min(group.cols, n))
        rows = (n + cols - 1) // cols
        for i, code in enumerate(group.codes):
            if n == 1 and group.cols == 1:
                cx, cy = area.x + area.w / 2, area.y + area.h / 2
            else:
                cx = area.x + area.w * ((i % cols) + 0.5) / cols
                cy = area.y + 40 + (area.h - 40) * ((i // cols) + 0.4) / rows
            table = f'width="104" height="60" rx="6" fill="{TABLE}" stroke="#9ca3af"'
            out.append(f'<rect x="{cx - 52:g}" y="{cy - 30:g}" {table}/>')
            drawn.places[code] = (round(cx / w, 4), round(cy / h, 4))
    for words, x, y in spec.notes:
        out.append(_text(words, x, y, 18))
    out.append("</svg>")
    drawn.svg = "\n".join(out).encode()
    return drawn


def _text(words: str, x: float, y: float, size: int, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-family="sans-serif" font-size="{size}" fill="{INK}" '
        f"text-anchor={quoteattr(anchor)}>{escape(words)}</text>"
    )


def seed_plans(sites: list[Site], now: datetime) -> int:
    """The plans of the workspaces that have one, with every desk placed; how many floors."""
    floors = 0
    for site in sites:
        specs = PLANS.get(site.workspace.slug)
        if specs is None:
            continue
        desks = {desk.code: desk for desk in site.desks}
        for position, spec in enumerate(specs()):
            drawn = draw(spec)
            floor = Floor(
                workspace_id=site.workspace.id,
                name=spec.name,
                position=position,
                plan=drawn.svg,
                plan_type="image/svg+xml",
                plan_sha256=hashlib.sha256(drawn.svg).hexdigest(),
                plan_width=spec.width,
                plan_height=spec.height,
                plan_updated_at=now,
                created_at=now,
            )
            db.session.add(floor)
            db.session.flush()
            for code, (x, y) in drawn.places.items():
                desk = desks[code]
                desk.floor_id, desk.plan_x, desk.plan_y = floor.id, x, y
            floors += 1
    db.session.flush()
    return floors
