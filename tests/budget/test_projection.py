"""The projection over months never closed (docs/budget.md, "Months over but
never closed"): only months that have not ended are projected at the trend; a month that is over
but not closed counts at its live figures and is named on the pages, the pack and the API."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from coworking.budget import costs
from coworking.budget.rules import (
    COST_CATEGORIES,
    Month,
    money,
    month_finished,
    month_rows,
    monthly_plans,
    projection,
    recent,
)
from tests.support.budget import YEAR, costs_csv, doc_plan_body, doc_table, import_costs
from tests.support.http import logged_in


def doc_months() -> list[Month]:
    """The months of the docs' table, as budget.lines builds them (closed, or finished and live)."""
    out = []
    for row in doc_table("open-months"):
        year, number = (int(p) for p in row["month"].split("-"))
        assert row["state"] in ("closed", "over, not closed")
        out.append(
            Month(
                year,
                number,
                row["state"] == "closed",
                desk_days=Fraction(row["desk_days"]),
                income=D(row["income"]),
                costs={"other": D(row["cost"])},
                finished=True,
            )
        )
    return out


def doc_projection() -> dict[str, str]:
    return {row["field"]: row["value"] for row in doc_table("open-months-projection")}


def shown(got: Fraction) -> str:
    return f"{money(got):.2f}"


def test_the_docs_example_projects_only_the_months_to_come():
    # May (current, not over) and later are to come: live figures of a month to come never count.
    may = Month(YEAR, 5, False, desk_days=Fraction(99), income=D("1980.00"), costs={"rent": D("2000.00")})
    got = projection([*doc_months(), may])
    want = doc_projection()
    assert got.basis == (want["projection.basis"],)
    assert ", ".join(got.open_months) == want["projection.open_months"]
    assert got.remaining_months == int(want["projection.remaining_months"])
    assert got.desk_days == Fraction(want["projection.desk_days"])
    assert shown(got.income) == want["projection.income"]
    assert shown(got.costs) == want["projection.costs"]
    assert shown(got.cost_per_desk_day) == want["projection.cost_per_desk_day"]


def test_months_over_are_never_projected_at_the_trend():
    # The shape: October and November closed on 7 December, January–September over with
    # no bookings. Only December is projected; the nine empty months add nothing.
    closed = [
        Month(2026, m, True, desk_days=Fraction(d), income=D(i), costs={"rent": D("100.00")}, finished=True)
        for m, d, i in ((10, 500, "5000.00"), (11, 510, "5100.00"))
    ]
    over = [Month(2026, m, False, finished=True) for m in range(1, 10)]
    december = Month(2026, 12, False, desk_days=Fraction(40), income=D("400.00"))
    got = projection([*over, *closed, december])
    assert got.remaining_months == 1
    assert got.open_months == tuple(f"2026-{m:02d}" for m in range(1, 10))
    assert got.desk_days == 500 + 510 + 505  # December alone at the trend (505), not 10 × 505
    assert shown(got.income) == "15150.00"
    assert shown(got.costs) == "300.00"


def test_an_open_month_is_not_in_the_trend_nor_the_year_to_date():
    jan = Month(2027, 1, True, desk_days=Fraction(10), income=D("200.00"), finished=True)
    feb = Month(2027, 2, False, desk_days=Fraction(30), income=D("600.00"), finished=True)
    assert recent([jan, feb]) == [jan]
    got = projection([jan, feb])
    assert got.basis == ("2027-01",)
    assert got.desk_days == 10 + 30 + 10 * 10


def test_nothing_is_projected_before_the_first_close_but_open_months_are_named():
    got = projection([Month(2027, 1, False, desk_days=Fraction(3), finished=True)])
    assert (got.desk_days, got.income, got.costs) == (None, None, None)
    assert got.open_months == ("2027-01",) and got.remaining_months == 11


def test_a_month_is_over_only_after_its_last_local_day():
    assert not month_finished(2027, 4, date(2027, 4, 30))
    assert month_finished(2027, 4, date(2027, 5, 1))


def test_the_api_pages_and_pack_name_the_open_months(example, admin, api_as, db, client, clock):
    api = api_as(admin)
    r = api._call(
        "put", f"/api/v1/workspaces/canal/budget/{YEAR}", json=doc_plan_body(approved=True, approved_on="2026-12-12")
    )
    assert r.status_code == 201, r.json
    import_costs(db, admin, "canal", costs_csv())
    clock.move_to(datetime(YEAR, 5, 10, 12, tzinfo=UTC))
    costs.set_costs(admin, "canal", "2027-04", {"rent": "2000.00"}, datetime.now(UTC))
    db.session.commit()
    assert api.post("/api/v1/budget/close", json={"month": "2027-03"}).status_code == 201

    body = api.get(f"/api/v1/workspaces/canal/budget/{YEAR}").json
    months = {m["month"]: m for m in body["months"]}
    for row in doc_table("open-months"):
        got = months[row["month"]]
        assert (got["closed"], got["finished"]) == (row["state"] == "closed", True)
        assert (got["desk_days"], got["income"], got["cost"]) == (float(row["desk_days"]), row["income"], row["cost"])
    assert (months["2027-05"]["closed"], months["2027-05"]["finished"]) == (False, False)
    want = doc_projection()
    assert body["actual"]["months_closed"] == int(want["actual.months_closed"])
    assert ", ".join(body["projection"]["basis"]) == want["projection.basis"]
    assert ", ".join(body["projection"]["open_months"]) == want["projection.open_months"]
    assert body["projection"]["remaining_months"] == int(want["projection.remaining_months"])
    assert body["projection"]["desk_days"] == float(want["projection.desk_days"])
    for key in ("income", "costs", "cost_per_desk_day"):
        assert body["projection"][key] == want[f"projection.{key}"], key

    logged_in(client, admin)
    listed = "2027-01, 2027-02, 2027-04"
    page = client.get(f"/budget/canal/{YEAR}").get_data(as_text=True)
    assert "over, not closed" in page and listed in page and "40,260.00" in page
    for url in (f"/budget/{YEAR}", f"/budget/{YEAR}/pack"):
        text = client.get(url).get_data(as_text=True)
        assert f"Canal — over, not closed: {listed}" in text, url
    pack = client.get(f"/budget/{YEAR}/pack").get_data(as_text=True)
    assert f"Over but not closed (counted at their live figures): {listed}." in pack


# --- item 7: a twelfth per category (docs/budget.md, "A twelfth per category") -----------------


def doc_monthly_plan() -> tuple[dict[str, D], list[dict[str, str]]]:
    rows = doc_table("monthly-plan")
    year = next(r for r in rows if r["month"] == "year")
    return {c: D(year[c]) for c in COST_CATEGORIES}, [r for r in rows if r["month"] != "year"]


def test_the_docs_monthly_plan_is_split_per_category_and_adds_up_both_ways():
    annual, rows = doc_monthly_plan()
    plans = monthly_plans(annual)
    assert [{c: str(plans[c][i]) for c in COST_CATEGORIES} for i in range(12)] == [
        {c: r[c] for c in COST_CATEGORIES} for r in rows
    ]
    assert [str(v) for v in month_rows(plans)] == [r["costs"] for r in rows]
    year = next(r for r in doc_table("monthly-plan") if r["month"] == "year")
    assert str(sum(month_rows(plans))) == year["costs"] == str(sum(annual.values()))


@given(st.lists(st.integers(min_value=-(10**11), max_value=10**11), min_size=1, max_size=8))
def test_every_category_and_every_month_adds_up_to_the_cent(amounts):
    annual = {f"c{i}": D(c).scaleb(-2) for i, c in enumerate(amounts)}
    plans = monthly_plans(annual)
    rows = month_rows(plans)
    for category, months in plans.items():
        assert sum(months) == annual[category]
        assert all(abs(Fraction(m) - Fraction(annual[category]) / 12) < Fraction(1, 100) for m in months)
        if annual[category] >= 0:
            assert min(months) >= 0
    assert sum(rows) == sum(annual.values())
    # each row is the year's twelfth rounded down or up to the cent
    assert all(abs(Fraction(r) - Fraction(sum(annual.values())) / 12) < Fraction(1, 100) for r in rows)


def test_the_api_shows_the_monthly_plan_per_category(example, admin, api_as):
    annual, rows = doc_monthly_plan()
    body = doc_plan_body(approved=False)
    body["costs"] = {c: str(v) for c, v in annual.items()}
    api = api_as(admin)
    r = api._call("put", f"/api/v1/workspaces/canal/budget/{YEAR}", json=body)
    assert r.status_code == 201, r.json
    months = api.get(f"/api/v1/workspaces/canal/budget/{YEAR}").json["months"]
    assert [m["plan_cost"] for m in months] == [r["costs"] for r in rows]
    assert [m["plan_costs"] for m in months] == [{c: r[c] for c in COST_CATEGORIES} for r in rows]
