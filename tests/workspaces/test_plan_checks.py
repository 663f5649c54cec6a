"""A floor plan upload is checked from its bytes (pure: no database): only PNG, JPEG and SVG of
the declared type, at most 5 MB, measured from their headers; an SVG holding script, a DTD or
anything that is not well-formed is refused; what could fetch something is dropped."""

from __future__ import annotations

import pytest

from coworking import errors
from coworking.workspaces import plans, svg
from tests.support.plans import CLEANED, PLAN_SVG, REFUSED, jpeg, png


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_or_broken_svg_is_refused(name):
    with pytest.raises(errors.InvalidPlan):
        plans.check_plan(REFUSED[name], "image/svg+xml")


@pytest.mark.parametrize("name", sorted(CLEANED))
def test_what_could_fetch_is_dropped_and_the_drawing_kept(name):
    data, word = CLEANED[name]
    kept = plans.check_plan(data, "image/svg+xml").data
    assert kept.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    body = kept.replace(b'xmlns="http://www.w3.org/2000/svg"', b"", 1)
    assert word.encode() not in body
    for active in (b"http", b"script", b"<style", b"<image", b"<a ", b"<set", b"url("):
        assert active not in body, (name, kept)


def test_a_plain_drawing_keeps_its_shapes_text_and_size():
    plan = plans.check_plan(PLAN_SVG, "image/svg+xml; charset=utf-8")
    assert (plan.content_type, plan.width, plan.height) == ("image/svg+xml", 800, 400)
    assert b"<text" in plan.data and b"Kitchen" in plan.data and plan.data.count(b"<rect") == 2


def test_an_editors_drawing_keeps_local_references_and_styles():
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?><!-- made by hand -->'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="300px" height="150">'
        b"<inkscape:namedview/><defs><linearGradient id='sun'><stop offset='0' stop-color='gold'/>"
        b"</linearGradient><rect id='desk' width='10' height='5'/></defs>"
        b"<rect width='300' height='150' style='fill:url(#sun);stroke:#000;behavior:url(x.htc)'/>"
        b"<use xlink:href='#desk' x='20' y='20'/><text x='5' y='140'>Caf&#233; &amp; &lt;bar&gt;</text></svg>"
    )
    plan = plans.check_plan(data, "image/svg+xml")
    assert (plan.width, plan.height) == (300, 150)
    assert b'viewBox="0 0 300 150"' in plan.data  # added, so the plan scales
    assert b'style="fill:url(#sun);stroke:#000"' in plan.data
    assert b'<use href="#desk" x="20" y="20"/>' in plan.data
    assert "Café &amp; &lt;bar&gt;".encode() in plan.data
    assert b"inkscape" not in plan.data and b"<!--" not in plan.data


def test_png_and_jpeg_are_measured_from_their_headers():
    assert (plans.check_plan(png(40, 20), "image/png").width, plans.check_plan(png(40, 20), "image/png").height) == (
        40,
        20,
    )
    plan = plans.check_plan(jpeg(1600, 900), "image/jpeg")
    assert (plan.content_type, plan.width, plan.height) == ("image/jpeg", 1600, 900)
    assert plan.data == jpeg(1600, 900)  # raster images are stored as sent


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (png(), "image/jpeg"),  # not what it says
        (jpeg(), "image/png"),
        (PLAN_SVG, "image/png"),
        (png(), "image/gif"),  # not a plan type
        (b"GIF89a\x01\x00\x01\x00", "image/gif"),
        (b"<html><script>alert(1)</script></html>", "text/html"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),  # no header
        (b"\xff\xd8\xff\xd9", "image/jpeg"),  # no frame
        (b"", "image/png"),
        (png(), None),
    ],
)
def test_wrong_or_broken_types_are_refused(data, declared):
    with pytest.raises(errors.InvalidPlan):
        plans.check_plan(data, declared)


def test_five_megabytes_at_most():
    padding = b" " * (plans.PLAN_MAX_BYTES - len(PLAN_SVG))
    assert plans.check_plan(PLAN_SVG.replace(b"<rect", padding + b"<rect", 1)[: plans.PLAN_MAX_BYTES], "image/svg+xml")
    with pytest.raises(errors.InvalidPlan):
        plans.check_plan(png() + b"\0" * plans.PLAN_MAX_BYTES, "image/png")


def test_a_huge_tree_is_refused():
    deep = svg.SVG_NS
    data = f'<svg xmlns="{deep}" viewBox="0 0 1 1">'.encode() + b"<g>" * 100 + b"</g>" * 100 + b"</svg>"
    with pytest.raises(errors.InvalidPlan):
        plans.check_plan(data, "image/svg+xml")
