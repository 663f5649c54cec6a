"""In Chromium: the assembly pack prints on A4, portrait and
landscape, without cut columns; on a phone, a wide table scrolls sideways inside its wrapper
while its first column stays in view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import PASSWORD, PHONE, log_in

pytestmark = pytest.mark.browser

MM = 96 / 25.4  # CSS px per millimetre
# The printable width of A4 under the pack's @page margins (10 mm left and right).
PRINTABLE = {"portrait": round((210 - 20) * MM), "landscape": round((297 - 20) * MM)}
BIG = {"rent": "1234567.89", "service_charges": "98765.43", "staff": "456789.01", "equipment": "12345.67"}


def enter_a_plan_with_big_amounts(page: Page, slug: str, year: int) -> None:
    page.goto(f"/budget/{slug}/{year}/plan")
    for name, amount in BIG.items():
        page.locator(f"#plan-{name}").fill(amount)
    page.locator("#plan-desk_fees").fill("2345678.90")
    page.locator("#plan-planned_desks").fill("120")
    page.locator("#plan-target_occupancy").fill("75")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".flash-success")).to_be_visible()


def overflowing_tables(page: Page) -> list[str]:
    """Tables (or cells) that reach beyond the page's right edge: what print would cut."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const table of document.querySelectorAll('table')) {
            const box = table.getBoundingClientRect();
            if (box.right > width + 0.5 || table.scrollWidth > table.parentElement.clientWidth + 1)
              out.push(`${table.querySelector('caption')?.textContent.trim()}: ${Math.round(box.right)} > ${width}`);
            for (const cell of table.querySelectorAll('th, td'))
              if (cell.scrollWidth > cell.clientWidth + 1)
                out.push(`cell "${cell.textContent.trim()}" overflows its column`);
          }
          return out;
        }"""
    )


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_assembly_pack_prints_on_a4_without_cut_columns(page: Page, site, orientation, tmp_path):
    log_in(page, "admin@browser.example.org", PASSWORD)
    year = site.today().year
    enter_a_plan_with_big_amounts(page, site.slug, year)
    page.goto(f"/budget/{year}/pack")
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(year))

    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINTABLE[orientation], "height": 900})
    expect(page.locator(".site-header")).to_be_hidden()
    problems = overflowing_tables(page)
    assert not problems, problems
    # The wide cooperative table keeps every column, the last one included, on the page.
    last = page.locator("table").first.locator("thead th").last
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= PRINTABLE[orientation] + 0.5

    pdf = page.pdf(path=tmp_path / f"pack-{orientation}.pdf", format="A4", landscape=orientation == "landscape")
    assert pdf.startswith(b"%PDF")


def test_a_wide_table_keeps_its_first_column_in_view_on_a_phone(page: Page, site):
    page.set_viewport_size(PHONE)
    log_in(page, "admin@browser.example.org", PASSWORD)
    page.goto(f"/budget/{site.today().year}")
    wrapper = page.locator(".table-scroll").first
    first_cell = wrapper.locator("tbody tr").first.locator("th, td").first
    before = first_cell.bounding_box()
    scrolled = wrapper.evaluate("el => { el.scrollLeft = el.scrollWidth; return el.scrollLeft; }")
    assert scrolled > 100  # the table is wider than the phone: it scrolls inside its wrapper
    after = first_cell.bounding_box()
    assert abs(after["x"] - before["x"]) < 1, (before, after)  # the first column stayed put
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The audit table's first column (a time, not a row header) stays in view too.
    page.goto("/admin/audit/")
    wrapper = page.locator(".table-scroll").first
    first_cell = wrapper.locator("tbody tr").first.locator("th, td").first
    before = first_cell.bounding_box()
    scrolled = wrapper.evaluate("el => { el.scrollLeft = el.scrollWidth; return el.scrollLeft; }")
    assert scrolled > 50
    after = first_cell.bounding_box()
    assert abs(after["x"] - before["x"]) < 1, (before, after)
