"""Report pages and downloads (issue 5): they render, sort, refuse bad periods, download CSV and
XLSX whose totals are the API's, and every new route answers each role as it should."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tests.support.clock import BRUSSELS, at
from tests.support.factories import booking_row, insert_bookings
from tests.support.http import logged_in, visible

PERIOD = "from=2027-03-22&to=2027-03-28"


@pytest.fixture
def people(app, example, make_user, make_workspace):
    """A logged-in client per role (and None for anonymous)."""
    elsewhere = make_workspace(slug="elsewhere", name="Elsewhere")
    accounts = {
        "admin": make_user(role="admin", email="admin@example.org"),
        "manager": make_user(role="manager", email="manager@example.org", workspaces=[example.workspace]),
        "other_manager": make_user(role="manager", email="other@example.org", workspaces=[elsewhere]),
        "member": example.members["Ana"],
    }
    clients = {role: logged_in(app.test_client(), user.email) for role, user in accounts.items()}
    clients["anonymous"] = app.test_client()
    return clients


def text(response) -> str:
    return response.get_data(as_text=True)


# --- pages render --------------------------------------------------------------------------------


def test_occupancy_page_shows_totals_trend_heatmap_and_desks(people):
    r = people["manager"].get(f"/reports/dansaert/occupancy?{PERIOD}&granularity=day")
    assert r.status_code == 200
    html = text(r)
    page = visible(html)
    assert "23.9%" in page  # occupancy 21 ÷ 88
    assert "Booked desk-hours 21 " in page and "Capacity desk-hours 88 " in page
    assert "Desk-days used 2.63" in page
    assert "66.7% (2 desks at once)" in page
    assert "Booked ahead (median · mean) 24 h · 31.4 h" in page
    # The trend: an SVG with a title and description, and the same numbers in a table.
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="trend-svg-title trend-svg-desc"', html)
    assert '<desc id="trend-svg-desc">' in html
    assert html.count('class="chart-bar"') == 7
    # The heatmap: numbers in every cell, the shade only repeats them.
    heat = html[html.index('<table class="heatmap">') : html.index("</table>", html.index('<table class="heatmap">'))]
    assert heat.count('<td class="heat heat-4">66.7%</td>') == 8  # Monday 09:00–17:00
    assert '<td class="heat heat-3">50%</td>' in heat  # Thursday 09:00
    assert '<th scope="row">Friday</th>' not in heat  # closed: no capacity, no row
    assert "<caption" in heat and '<th scope="col">' in heat
    # Most and least used desks.
    most = html[html.index("<caption>Most used desks</caption>") :]
    assert most.index(">A3<") < most.index(">A1<") < most.index(">A2<")
    assert "By kind of desk" in page and "fixed desk" in page and "By zone" in page and "Window" in page


@pytest.mark.parametrize("granularity", ["day", "week", "month"])
def test_occupancy_page_in_each_granularity(people, granularity):
    r = people["admin"].get(f"/reports/dansaert/occupancy?from=2027-01-01&to=2027-06-30&granularity={granularity}")
    assert r.status_code == 200
    rows = {"day": 181, "week": 27, "month": 6}[granularity]
    assert text(r).count('class="chart-bar"') == rows


def test_usage_page_sorts_on_the_server(people):
    def names(query):
        page = text(people["manager"].get(f"/reports/dansaert/usage?{PERIOD}&{query}"))
        body = page[page.index("<tbody>") : page.index("</tbody>")]
        return re.findall(r'<th scope="row">(\w+)<small', body), page

    order, page = names("")
    assert order == ["Ana", "Bo", "Cy"]  # most desk-hours first
    assert 'aria-sort="descending"' in page and "3 members used this workspace" in visible(page)
    assert "from elsewhere" in page  # Cy, home Alfama
    assert names("sort=name&dir=desc")[0] == ["Cy", "Bo", "Ana"]
    assert names("sort=name")[0] == ["Ana", "Bo", "Cy"]
    assert names("sort=late_cancellations&dir=desc")[0] == ["Cy", "Ana", "Bo"]
    assert names("sort=desk_hours&dir=asc")[0] == ["Cy", "Bo", "Ana"]
    assert names("sort=home&dir=asc")[0][0] == "Cy"  # Alfama before Dansaert
    assert names("sort=nonsense")[0] == ["Ana", "Bo", "Cy"]
    # The column headings link to the other direction of the current sort.
    assert 'href="/reports/dansaert/usage?sort=desk_hours&amp;dir=asc&amp;from=2027-03-22&amp;to=2027-03-28"' in page


def test_today_page(clock, people, example, db):
    # 10:30 in Brussels on Monday 1 March 2027.
    clock.move_to("2027-03-01T09:30:00+00:00")
    day = date(2027, 3, 1)
    a1, a2 = example.desks["A1"], example.desks["A2"]
    insert_bookings(
        db,
        [
            booking_row(a1, example.members["Ana"], at(BRUSSELS, day, 9), at(BRUSSELS, day, 12)),
            booking_row(a2, example.members["Bo"], at(BRUSSELS, day, 14), at(BRUSSELS, day, 16)),
        ],
    )
    page = visible(text(people["manager"].get("/reports/dansaert/today")))
    assert "Booked now 1" in page and "Free now 2" in page and "Bookings later today 1" in page
    assert "Free for the rest of the day 1" in page  # A3
    assert "Ana until 12:00" in page and "14:00–16:00 Bo" in page


def test_my_usage_page_shows_only_mine_across_workspaces(people, example, app):
    cy = logged_in(app.test_client(), "cy@example.org")
    page = visible(text(cy.get(f"/reports/me?{PERIOD}")))
    assert "Alfama" in page and "Dansaert" in page and "Total 2 7 0.83 0 0 1 1" in page
    ana = visible(text(people["member"].get(f"/reports/me?{PERIOD}")))
    assert "Dansaert Brussels 2 12 1.5 0 0 1 0" in ana and "Alfama" not in ana


def test_overview_page(people):
    r = people["admin"].get(f"/reports/overview?{PERIOD}")
    assert r.status_code == 200
    html = text(r)
    page = visible(html)
    assert "Dansaert" in page and "Alfama" in page and "Elsewhere" in page
    assert "Distinct members 3" in page
    assert html.count('class="sparkline"') == 3 and '<title id="spark-' in html


def test_nav_links_by_role(people):
    member = text(people["member"].get("/reports/me"))
    manager = text(people["manager"].get("/reports/me"))
    assert ">My usage</a>" in member and ">Reports</a>" not in member
    assert ">My usage</a>" in manager and re.search(r'href="/reports"\s*>Reports</a>', manager)


@pytest.mark.parametrize(
    "query",
    ["from=2027-03-29&to=2027-03-28", "from=2020-01-01&to=2027-01-01", "from=2027-02-30&to=2027-03-28", "from=x"],
)
def test_bad_periods_on_pages_and_downloads(people, query):
    for url in ("/reports/dansaert/occupancy", "/reports/dansaert/usage", "/reports/me", "/reports/overview"):
        r = people["admin"].get(f"{url}?{query}")
        assert r.status_code == 422, url
        assert 'role="alert"' in text(r) and 'aria-invalid="true"' in text(r)
    for url in ("/reports/dansaert/occupancy.csv", "/reports/dansaert/usage.xlsx"):
        assert people["admin"].get(f"{url}?{query}").status_code == 422


def test_pages_default_to_this_month(clock, people):
    page = text(people["manager"].get("/reports/dansaert/occupancy"))
    assert 'value="2027-03-01"' in page and 'value="2027-03-31"' in page
    assert page.count('class="chart-bar"') == 31


# --- downloads --------------------------------------------------------------------------------------


def api_json(app, make_user, url):
    """The API's answer for the same figures, as an admin."""
    from tests.support.http import Api

    return Api(app.test_client(), {"Authorization": f"Bearer {admin_token(app, make_user)}"}).get(url).json


def admin_token(app, make_user):
    from coworking.accounts import services
    from coworking.extensions import db

    user = make_user(role="admin")
    issued = services.issue_token(user, datetime.now().astimezone(), kind="cli")
    db.session.commit()
    return issued.token


def test_csv_downloads_parse_and_match_the_api(people, app, make_user):
    r = people["manager"].get(f"/reports/dansaert/occupancy.csv?{PERIOD}&granularity=day")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"] == 'attachment; filename="dansaert-occupancy-2027-03-22-2027-03-28.csv"'
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8"))))
    api = api_json(app, make_user, f"/api/v1/workspaces/dansaert/occupancy?{PERIOD}&granularity=day")
    periods = [row for row in rows if row["row"] == "period"]
    total = next(row for row in rows if row["row"] == "total")
    assert [p["period_start"] for p in periods] == [s["period_start"] for s in api["series"]]
    for key in ("capacity_hours", "booked_hours", "occupancy", "desk_days", "peak", "used_hours", "used_occupancy"):
        assert float(total[key]) == api["totals"][key], key
        assert [float(p[key]) for p in periods] == [s[key] for s in api["series"]], key
    assert (total["period_start"], total["period_end"]) == ("2027-03-22", "2027-03-28")
    assert re.fullmatch(r"\d+\.\d+", total["occupancy"])  # dot decimals

    usage = people["manager"].get(f"/reports/dansaert/usage.csv?{PERIOD}")
    rows = list(csv.DictReader(io.StringIO(usage.data.decode("utf-8"))))
    api = api_json(app, make_user, f"/api/v1/workspaces/dansaert/usage?{PERIOD}")
    members = [row for row in rows if row["row"] == "member"]
    total = next(row for row in rows if row["row"] == "total")
    assert [m["name"] for m in members] == [m["member"]["name"] for m in api["members"]]
    for key in ("bookings", "desk_hours", "desk_days", "cancellations", "late_cancellations", "used_hours", "no_shows"):
        assert float(total[key]) == api["totals"][key], key
    assert next(m for m in members if m["name"] == "Cy")["home_workspace"] == "alfama"


def test_xlsx_downloads_are_typed_with_a_frozen_header_and_match_the_api(people, app, make_user):
    r = people["manager"].get(f"/reports/dansaert/occupancy.xlsx?{PERIOD}&granularity=day")
    assert r.status_code == 200
    assert r.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(r.data))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:8] == [
        "row",
        "period_start",
        "period_end",
        "capacity_hours",
        "booked_hours",
        "occupancy",
        "desk_days",
        "peak",
    ]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    total = rows[-1]
    assert total["row"] == "total"
    assert isinstance(total["period_start"], datetime) and total["period_start"].date() == date(2027, 3, 22)
    assert sheet.cell(row=2, column=4).data_type == "n"  # numbers are numbers
    api = api_json(app, make_user, f"/api/v1/workspaces/dansaert/occupancy?{PERIOD}&granularity=day")
    for key in ("capacity_hours", "booked_hours", "occupancy", "desk_days", "peak", "used_hours", "used_occupancy"):
        assert total[key] == api["totals"][key], key
    assert [r_["booked_hours"] for r_ in rows[:-1]] == [s["booked_hours"] for s in api["series"]]
    assert dict(book["About"].iter_rows(values_only=True))["workspace"] == "dansaert"

    usage = load_workbook(io.BytesIO(people["manager"].get(f"/reports/dansaert/usage.xlsx?{PERIOD}").data))
    sheet = usage.worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    api = api_json(app, make_user, f"/api/v1/workspaces/dansaert/usage?{PERIOD}")
    for key in ("bookings", "desk_hours", "desk_days", "cancellations", "late_cancellations", "used_hours", "no_shows"):
        assert rows[-1][key] == api["totals"][key], key


def test_downloads_never_hold_a_formula(people, example, db):
    from coworking.accounts.models import User

    user = db.session.get(User, example.members["Bo"].id)
    user.name = '=HYPERLINK("http://evil.example","click")'
    db.session.commit()
    r = people["manager"].get(f"/reports/dansaert/usage.csv?{PERIOD}")
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8"))))
    assert '\'=HYPERLINK("http://evil.example","click")' in [row["name"] for row in rows]
    sheet = load_workbook(io.BytesIO(people["manager"].get(f"/reports/dansaert/usage.xlsx?{PERIOD}").data)).worksheets[
        0
    ]
    cells = [
        c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_unknown_download_format_is_404(people):
    assert people["admin"].get(f"/reports/dansaert/occupancy.pdf?{PERIOD}").status_code == 404


# --- authorization over every new route ----------------------------------------------------------------

# Every route the reports add, with what each role gets. Pages send anonymous visitors to the
# login page (302); the API answers 401. Members see only their own usage.
ROUTES = {
    "/reports": {"admin": 200, "manager": 200, "other_manager": 200, "member": 403},
    "/reports/overview": {"admin": 200, "manager": 403, "other_manager": 403, "member": 403},
    "/reports/me": {"admin": 200, "manager": 200, "other_manager": 200, "member": 200},
    "/reports/dansaert/today": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/reports/dansaert/occupancy": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/reports/dansaert/usage": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/reports/dansaert/occupancy.csv": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/reports/dansaert/occupancy.xlsx": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/reports/dansaert/usage.csv": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/reports/dansaert/usage.xlsx": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/api/v1/workspaces/dansaert/occupancy": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/api/v1/workspaces/dansaert/usage": {"admin": 200, "manager": 200, "other_manager": 403, "member": 403},
    "/api/v1/me/usage": {"admin": 200, "manager": 200, "other_manager": 200, "member": 200},
}


def test_the_table_covers_every_new_route(app):
    registered = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[0] in {"reports", "api_reports"}
    }
    adapter = app.url_map.bind("localhost")
    covered = {adapter.match(path, method="GET")[0] for path in ROUTES}
    assert covered == registered
    assert len(registered) == 11


EMAILS = {
    "admin": "admin@example.org",
    "manager": "manager@example.org",
    "other_manager": "other@example.org",
    "member": "ana@example.org",
}


@pytest.mark.parametrize("role", ["anonymous", "member", "manager", "other_manager", "admin"])
def test_every_new_route_answers_each_role(people, db, api_as, role):
    from coworking.accounts.models import User

    headers = {}
    if role != "anonymous":
        user = db.session.query(User).filter_by(email=EMAILS[role]).one()
        headers = api_as(user).headers  # a bearer token for the account the page client is logged in as
    for path, expected in ROUTES.items():
        url = f"{path}?{PERIOD}"
        if path.startswith("/api/"):
            r = people[role].get(url, headers=headers)
            if role == "anonymous":
                assert r.status_code == 401, path
                continue
        else:
            r = people[role].get(url)
            if role == "anonymous":
                assert r.status_code == 302 and r.headers["Location"].startswith("/login?next="), path
                continue
        assert r.status_code == expected[role], (role, path, r.status_code)


def test_a_manager_of_two_workspaces_sees_both_and_no_more(app, example, make_user, make_workspace):
    third = make_workspace(slug="third", name="Third")
    make_user(role="manager", email="two@example.org", workspaces=[example.workspace, example.alfama])
    client = logged_in(app.test_client(), "two@example.org")
    page = text(client.get("/reports"))
    assert "Dansaert" in page and "Alfama" in page and third.name not in page
    assert client.get("/reports/alfama/usage").status_code == 200
    assert client.get("/reports/third/usage").status_code == 403
    assert client.get("/reports/nowhere/usage").status_code == 404


def test_today_on_a_closed_day(clock, people):
    clock.move_to("2027-03-07T10:00:00+00:00")  # Sunday: no opening hours
    page = visible(text(people["manager"].get("/reports/dansaert/today")))
    assert "The workspace is not open today." in page
    assert "Free now –" in page and "Free for the rest of the day –" in page
    assert "Desks today" not in page  # no table of desks that cannot be used


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_report_pages_in_each_language(people, lang):
    for url, status in (
        (f"/reports/dansaert/occupancy?{PERIOD}&granularity=week", 200),
        (f"/reports/dansaert/usage?{PERIOD}", 200),
        ("/reports/dansaert/today", 200),
        (f"/reports/me?{PERIOD}", 200),
        (f"/reports/overview?{PERIOD}", 200),
        ("/reports", 200),
        ("/reports/dansaert/occupancy?from=2027-03-29&to=2027-03-28", 422),  # the period ends before it starts
    ):
        r = people["admin"].get(url, headers={"Accept-Language": lang})
        assert r.status_code == status, url
        assert f'<html lang="{lang}">' in text(r), url


# --- issue 12, item 24 ---------------------------------------------------------------------------


def test_the_occupancy_chart_fills_the_width_with_labels_in_the_page_language(people):
    html = text(people["admin"].get("/reports/dansaert/occupancy?from=2027-01-01&to=2027-06-30&granularity=month"))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'width="100%"' in svg.split(">")[0] and "viewBox=" in svg.split(">")[0]
    assert ">Mar 2027</text>" in svg and ">100%</text>" in svg and "2027-03</text>" not in svg
    people["admin"].post("/language", data={"language": "de", "next": "/"})
    german = text(people["admin"].get("/reports/dansaert/occupancy?from=2027-01-01&to=2027-06-30&granularity=month"))
    svg = german[german.index("<svg") : german.index("</svg>")]
    assert ">März 2027</text>" in svg and ">100\xa0%</text>" in svg
    week = text(people["admin"].get("/reports/dansaert/occupancy?from=2027-03-01&to=2027-03-28&granularity=week"))
    assert ">22. März</text>" in week[week.index("<svg") : week.index("</svg>")]


@pytest.mark.parametrize("index", ["/reports", "/workspaces", "/budget", "/admin/audit"])
def test_index_pages_answer_the_same_with_and_without_a_trailing_slash(people, index):
    bare, slashed = people["admin"].get(index), people["admin"].get(index + "/")
    assert bare.status_code == slashed.status_code
    assert bare.headers.get("Location") == slashed.headers.get("Location")
    if bare.status_code == 200:
        assert visible(text(bare)) == visible(text(slashed))
    manager = people["manager"]
    assert manager.get(index).status_code == manager.get(index + "/").status_code


def test_a_favicon_is_linked_and_served(people):
    html = text(people["member"].get("/workspaces"))
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    client = people["anonymous"]
    moved = client.get("/favicon.ico")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/static/favicon.svg")
    icon = client.get(moved.headers["Location"])
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data
    icon.close()
