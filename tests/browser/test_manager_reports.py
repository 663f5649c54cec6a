"""A manager reads the reports.

On a phone-sized Chromium against the live gunicorn: a manager logs in, goes from "Reports" to
the workspace's occupancy, picks a period, sees the heatmap (numbers in every cell), downloads
the series as CSV and XLSX — the files parse, and their totals are the API's — and the report
pages (reports, today, occupancy, usage per member, my usage) have no serious or critical axe
violation and fit the phone's width.

The live site's seed has no manager; this module adds one to its database (the same SQLite
file gunicorn serves) through the accounts service.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.support.app import make_app
from tests.support.browser import BLOCKING_IMPACTS, PHONE, assert_fits, axe_violations, describe, log_in

pytestmark = pytest.mark.browser

MANAGER = {"email": "reports-manager@browser.example.org", "password": "ledger-and-heatmap", "name": "Rita Reports"}
FIGURES = ("capacity_hours", "booked_hours", "occupancy", "desk_days", "peak")


@pytest.fixture(scope="module")
def manager(live_server):
    """A manager of the live site's workspace, written to the database gunicorn serves."""
    from coworking.accounts import services
    from coworking.extensions import db
    from coworking.web.unit_of_work import run

    app = make_app(live_server.server.env["DATABASE_URL"])
    with app.app_context():
        run(
            lambda: services.create_user(
                email=MANAGER["email"],
                name=MANAGER["name"],
                role="manager",
                password=MANAGER["password"],
                now=datetime.now(UTC),
                workspaces=[live_server.slug],
            )
        )
        db.session.remove()
        db.engine.dispose()
    return MANAGER


def phone(new_context) -> Page:
    context = new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def audit(page: Page, name: str, problems: list[str]) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"{name} ({page.url}):\n{describe(blocking)}")
    assert_fits(page, PHONE["width"])


def api_totals(site, period: str) -> dict:
    token = requests.post(
        f"{site.url}/api/v1/tokens", json={"email": MANAGER["email"], "password": MANAGER["password"]}, timeout=10
    ).json()["token"]
    r = requests.get(
        f"{site.url}/api/v1/workspaces/{site.slug}/occupancy?{period}&granularity=day",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_manager_opens_occupancy_sees_the_heatmap_and_downloads_csv_and_xlsx(new_context, site, manager):
    first = site.today()
    last = first + timedelta(days=6)  # holds the audit day, which has bookings
    period = f"from={first.isoformat()}&to={last.isoformat()}"
    page = phone(new_context)
    problems: list[str] = []
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None,
    )

    log_in(page, manager["email"], manager["password"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page).to_have_url(re.compile(r"/reports$"))
    expect(page.get_by_role("heading", name=site.name)).to_be_visible()
    audit(page, "reports", problems)

    page.get_by_role("link", name="Occupancy").first.click()
    expect(page).to_have_url(re.compile(rf"/reports/{site.slug}/occupancy$"))
    page.get_by_label("From", exact=True).fill(first.isoformat())
    page.get_by_label("To (inclusive)", exact=True).fill(last.isoformat())
    page.get_by_label("Show by", exact=True).select_option("day")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"granularity=day"))

    heatmap = page.get_by_role("table", name=re.compile("Occupancy by weekday and hour"))
    expect(heatmap).to_be_visible()
    cells = heatmap.locator("td.heat")
    assert cells.count() > 0
    shaded = heatmap.locator("td.heat:not(.heat-0):not(.heat-none)")
    assert shaded.count() > 0, "the audit day's bookings should shade some cells"
    for i in range(min(cells.count(), 20)):
        assert re.fullmatch(r"[\d.]+%|–closed", cells.nth(i).inner_text().replace("\n", "")), cells.nth(i).inner_text()
    expect(page.get_by_role("img", name=re.compile("Occupancy per day"))).to_be_visible()
    audit(page, "occupancy", problems)

    api = api_totals(site, period)

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    assert info.value.suggested_filename == f"{site.slug}-occupancy-{first.isoformat()}-{last.isoformat()}.csv"
    data = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(data)))
    total = next(r for r in rows if r["row"] == "total")
    assert {k: float(total[k]) for k in FIGURES} == {k: api["totals"][k] for k in FIGURES}
    assert [r["period_start"] for r in rows if r["row"] == "period"] == [s["period_start"] for s in api["series"]]

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    last_row = dict(zip(header, (c.value for c in sheet[sheet.max_row]), strict=True))
    assert last_row["row"] == "total"
    assert {k: last_row[k] for k in FIGURES} == {k: api["totals"][k] for k in FIGURES}
    assert api["totals"]["booked_hours"] > 0

    for url, name in (
        (f"/reports/{site.slug}/usage?{period}", "usage per member"),
        (f"/reports/{site.slug}/today", "today"),
        ("/reports/me", "my usage"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        audit(page, name, problems)

    assert not problems, "axe: serious or critical violations:\n" + "\n".join(problems)
    assert not csp_errors, "the Content-Security-Policy blocked something:\n" + "\n".join(csp_errors)
