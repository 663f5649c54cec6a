"""The week page (/workspaces/<slug>/week): seven days as a list, each with its morning and
afternoon and the desks free for the whole part, the member's own bookings, closed days, past
parts, links to each day's grid and to the weeks around it."""

from __future__ import annotations

import re

import pytest

from tests.support.http import log_in, visible
from tests.support.week import small_week


@pytest.fixture
def week(clock, factories):
    return small_week(factories)


def days_of(html: str) -> list[str]:
    return re.findall(r'<li class="week-day[^"]*">', html)


def test_the_week_lists_seven_days_with_their_parts(client, week):
    log_in(client, "ana@example.org")
    html = client.get("/workspaces/gent/week?start=2027-03-01").get_data(as_text=True)
    assert len(days_of(html)) == 7
    assert '<ol class="week"' in html  # one list, top to bottom on a phone
    text = visible(html)
    assert "Monday, 1 March 2027" in text and "Sunday, 7 March 2027" in text
    for day in range(1, 8):
        assert f'href="/workspaces/gent?date=2027-03-{day:02d}"' in html
    # Tuesday, counted by hand (tests/support/week.py): one desk all morning, two all afternoon.
    tuesday = visible("<main>" + html.split("Tuesday, 2 March 2027")[1].split("Wednesday")[0] + "</main>")
    assert "Morning 08:00–13:00: 1 desk free" in tuesday
    assert "Afternoon 13:00–18:00: 2 desks free" in tuesday
    # Ana's own booking, with its desk and times; Bo's is not hers.
    assert "Your booking: desk A1, 09:00–11:00" in tuesday and "★" in html
    assert text.count("Your booking") == 1
    assert "The workspace is closed on this day." in text  # Thursday's closure
    assert "The workspace is not open on this day." in text  # Sunday
    assert "Afternoon 09:00" not in text and "Morning 09:00–12:00: 2 desks free" in text  # Saturday
    assert 'href="/workspaces/gent/week?start=2027-02-22"' in html  # the previous week
    assert 'href="/workspaces/gent/week?start=2027-03-08"' in html  # the next week


def test_symbols_come_with_words(client, week):
    log_in(client, "bo@example.org")
    html = client.get("/workspaces/gent/week?start=2027-03-01").get_data(as_text=True)
    for symbol, words in (("○", "desks free"), ("★", "Your booking"), ("–", "closed on this day")):
        assert f'<span aria-hidden="true">{symbol}</span>' in html and words in html


def test_any_day_shows_its_week_from_monday(client, week):
    log_in(client, "bo@example.org")
    html = client.get("/workspaces/gent/week?start=2027-03-04").get_data(as_text=True)
    assert len(days_of(html)) == 7
    assert "Monday, 1 March 2027" in visible(html) and "Monday, 8 March" not in visible(html)


def test_without_start_it_is_this_week(client, week):
    log_in(client, "bo@example.org")
    html = client.get("/workspaces/gent/week").get_data(as_text=True)
    assert "Monday, 1 March 2027" in visible(html)
    assert '<li class="week-day today">' in html and "today" in visible(html)


def test_past_parts_are_marked(client, week, clock):
    clock.move_to("2027-03-01T13:30:00+00:00")  # Monday 14:30 in Brussels
    log_in(client, "bo@example.org")
    text = visible(client.get("/workspaces/gent/week").get_data(as_text=True))
    assert "Morning 08:00–13:00: past" in text
    assert "Afternoon 13:00–18:00: 3 desks free" in text  # under way, not over
    earlier = visible(client.get("/workspaces/gent/week?start=2027-02-22").get_data(as_text=True))
    assert not re.search(r"\d+ desks? free", earlier)
    assert earlier.count(": past") == 11  # Monday to Friday's mornings and afternoons, Saturday's morning


def test_a_bad_start_shows_this_week_and_says_so(client, week):
    log_in(client, "bo@example.org")
    r = client.get("/workspaces/gent/week?start=not-a-date")
    assert r.status_code == 200
    text = visible(r.get_data(as_text=True))
    assert "That is not a date; showing this week." in text and "Monday, 1 March 2027" in text


def test_an_unknown_workspace_is_404(client, week):
    log_in(client, "bo@example.org")
    assert client.get("/workspaces/nowhere/week").status_code == 404


def test_the_workspace_list_links_each_week(client, week):
    log_in(client, "bo@example.org")
    assert 'href="/workspaces/gent/week"' in client.get("/workspaces").get_data(as_text=True)
