"""Reading a workspace's day page as a member does: what the booking form preselects, which
parts of the day it offers, and which grid cells are links."""

from __future__ import annotations

import re
from html import unescape

BOOKING_FORM = '<form method="post" action="/workspaces/'


def day_html(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return unescape(r.get_data(as_text=True))


def form_of(html: str) -> str:
    form = html[html.index(BOOKING_FORM) :]
    return form[: form.index("</form>")]


def selected(html: str, name: str) -> str | None:
    """The preselected value of the booking form's select ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', form_of(html), re.S).group(1)
    for option in re.findall(r"<option[^>]*>", select):
        if "selected" in option:
            return re.search(r'value="([^"]*)"', option).group(1)
    return None


def options(html: str, name: str) -> list[tuple[str, str]]:
    """(value, label) of each option of the booking form's select ``name``, in order."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', form_of(html), re.S).group(1)
    return [(v, label.strip()) for v, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select)]


def period(html: str) -> str:
    """The checked part of the day."""
    for tag in re.findall(r'<input[^>]*name="period"[^>]*>', form_of(html)):
        if "checked" in tag:
            return re.search(r'value="([a-z]+)"', tag).group(1)
    raise AssertionError("no part of the day is checked")


def preselected(html: str) -> dict[str, str | None]:
    return {
        "desk": selected(html, "desk"),
        "period": period(html),
        "start": selected(html, "start"),
        "end": selected(html, "end"),
    }


def presets(html: str) -> dict[str, str]:
    """The offered parts of the day: value → label (e.g. "now" → "Now until closing (13:30–18:00)")."""
    found = re.findall(r'<input[^>]*name="period"[^>]*value="([a-z]+)"[^>]*>\s*([^<]+)</label>', html)
    return {value: label.strip() for value, label in found}


def cell_links(html: str) -> list[tuple[str, str]]:
    """(href, accessible text) of every grid cell that is a link to book."""
    link = r'<a class="book-cell" href="([^"]+)"><span aria-hidden="true">○</span>'
    return re.findall(link + r'<span class="visually-hidden">([^<]*)</span>', html)


def cells(html: str, state: str) -> list[str]:
    """The start times of the grid cells in ``state``."""
    return re.findall(rf'<td class="cell {state}" title="(\d\d:\d\d)–', html)
