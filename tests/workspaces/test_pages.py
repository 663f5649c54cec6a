"""The workspaces pages a member sees, through real requests."""

from __future__ import annotations

from tests.support.http import log_in


def test_workspaces_page_shows_hours_and_free_desks(client, place):
    log_in(client, "bo@example.org")
    page = client.get("/workspaces").get_data(as_text=True)
    assert "Dok Noord" in page and "Ghent" in page and "Belgium" in page
    assert "2 desks free now" in page
    assert "Today: 08:00–18:00" in page  # Monday 1 March 2027, open 08:00 to 18:00
