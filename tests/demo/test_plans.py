"""The demo's floor plans are drawn with plain shapes and text only, so the upload's sanitiser
(issue 20) would keep them as they are; every desk of the two workspaces is placed on its table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from coworking.demo import plans
from coworking.demo.data.workspaces import WORKSPACES

SVG = "{http://www.w3.org/2000/svg}"
ELEMENTS = {"svg", "title", "rect", "line", "text"}
ATTRIBUTES = {
    "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "rx",
    "fill", "stroke", "stroke-width", "font-family", "font-size", "text-anchor",
}  # fmt: skip


@pytest.mark.parametrize("slug", sorted(plans.PLANS))
def test_a_demo_plan_is_plain_shapes_and_text_with_every_desk_placed(slug):
    spec = next(s for s in WORKSPACES if s.slug == slug).desks
    expected = spec.hot + spec.fixed + len(spec.meeting) + spec.phone
    placed = {}
    for floor in plans.PLANS[slug]():
        drawn = plans.draw(floor)
        assert b"<!" not in drawn.svg and b"style" not in drawn.svg and b"href" not in drawn.svg
        root = ET.fromstring(drawn.svg)  # noqa: S314 (our own drawing, and no DTD: checked above)
        assert root.get("viewBox") == f"0 0 {floor.width} {floor.height}"
        for element in root.iter():
            assert element.tag.removeprefix(SVG) in ELEMENTS, element.tag
            assert set(element.attrib) <= ATTRIBUTES, element.attrib
        assert all(0 < x < 1 and 0 < y < 1 for x, y in drawn.places.values())
        assert not set(placed) & set(drawn.places)
        placed |= drawn.places
    assert len(placed) == expected
    # markers (about 8 % of the width across, with their touch area) do not sit on each other
    for floor in plans.PLANS[slug]():
        spots = [(x * floor.width, y * floor.height) for x, y in plans.draw(floor).places.values()]
        for i, (x1, y1) in enumerate(spots):
            for x2, y2 in spots[i + 1 :]:
                assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= 0.075 * floor.width


@pytest.mark.parametrize("slug", sorted(plans.PLANS))
def test_a_demo_plan_passes_the_uploads_checks_unchanged_in_what_it_draws(slug):
    """What a manager's upload of the same file would store: accepted (no ``invalid_plan``),
    same size, and every shape and label kept by the sanitiser."""
    from coworking.workspaces.plans import check_plan

    for floor in plans.PLANS[slug]():
        drawn = plans.draw(floor)
        checked = check_plan(drawn.svg, "image/svg+xml")
        assert (checked.width, checked.height) == (floor.width, floor.height)
        kept = ET.fromstring(checked.data)  # noqa: S314 (the sanitiser's own output)
        source = ET.fromstring(drawn.svg)  # noqa: S314
        assert [e.tag for e in kept.iter()] == [e.tag for e in source.iter()]
        assert [e.text for e in kept.iter(f"{SVG}text")] == [e.text for e in source.iter(f"{SVG}text")]
