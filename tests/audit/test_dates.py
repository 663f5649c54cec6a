"""The audit filter's dates: years 1 and 9999, and any date or instant the
parser accepts, answer 200 or a 422 that says why — never a 500 — on the API and on the page."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.factories import PASSWORD

EDGES = [
    ("from", "0001-01-01"),
    ("to", "0001-01-01"),
    ("from", "9999-12-31"),
    ("to", "9999-12-31"),  # "to" includes the day: the next midnight is past datetime's range
    ("to", "9999-12-31T23:59:59-14:00"),
    ("from", "0001-01-01T00:00:00+14:00"),
    ("to", "1999-12-31"),
    ("from", "2101-01-01"),
]


@pytest.fixture
def admin(make_user):
    return make_user(role="admin", email="root@example.org")


@pytest.fixture
def admin_browser(app, admin):
    client = app.test_client()
    assert client.post("/login", data={"email": "root@example.org", "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize(("field", "value"), EDGES)
def test_out_of_range_dates_are_a_422_on_the_api(client, auth, admin, field, value):
    resp = client.get("/api/v1/audit", query_string={field: value}, headers=auth(admin))
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert resp.json["code"] == "validation_error" and "2000" in resp.json["detail"]


@pytest.mark.parametrize(("field", "value"), EDGES)
def test_out_of_range_dates_are_a_clear_422_page(admin_browser, field, value):
    resp = admin_browser.get("/admin/audit/", query_string={field: value})
    assert resp.status_code == 422 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    assert "These dates cannot be read" in page and "between 2000 and 2100" in page


def test_dates_inside_the_range_still_work(client, auth, admin, admin_browser):
    query = {"from": "2000-01-01", "to": "2100-12-31"}
    assert client.get("/api/v1/audit", query_string=query, headers=auth(admin)).status_code == 200
    assert admin_browser.get("/admin/audit/", query_string=query).status_code == 200


OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
INSTANTS = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59), timezones=OFFSETS),
    # Where datetime's range ends (an offset or "the next day" can step past it), and the app's.
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 2), timezones=OFFSETS),
    st.datetimes(min_value=datetime(9999, 12, 30), max_value=datetime(9999, 12, 31, 23, 59, 59), timezones=OFFSETS),
    st.datetimes(min_value=datetime(1999, 12, 31), max_value=datetime(2000, 1, 2), timezones=OFFSETS),
    st.datetimes(min_value=datetime(2100, 12, 30), max_value=datetime(2101, 1, 1, 23, 59), timezones=OFFSETS),
)
TEXTS = st.one_of(
    INSTANTS.map(lambda d: d.isoformat()),
    INSTANTS.map(lambda d: d.date().isoformat()),
    INSTANTS.map(lambda d: d.strftime("%Y%m%dT%H%M%S") + d.strftime("%z")),  # basic format, also accepted
    INSTANTS.map(lambda d: d.replace(tzinfo=None).isoformat()),  # no offset
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["from", "to"]), value=TEXTS)
def test_any_date_the_parser_accepts_is_200_or_422(app, auth, admin, admin_browser, field, value):
    client = app.test_client()
    api = client.get("/api/v1/audit", query_string={field: value}, headers=auth(admin))
    assert api.status_code in (200, 422), (value, api.status_code, api.get_data(as_text=True)[:300])
    page = admin_browser.get("/admin/audit/", query_string={field: value})
    assert page.status_code in (200, 422), (value, page.status_code)
