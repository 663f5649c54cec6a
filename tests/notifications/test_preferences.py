"""Members choose their booking mails: the API, the profile page, the export and erasure."""

from __future__ import annotations

from tests.support.http import logged_in, problem_code, visible

DEFAULTS = {"confirmations": True, "cancellations": True, "reminders": "day_before"}


def test_a_member_without_choices_has_the_defaults(team):
    r = team.as_ana.get("/api/v1/me/notifications")
    assert r.status_code == 200 and r.json == DEFAULTS


def test_patch_changes_only_what_it_names(team):
    r = team.as_ana.patch("/api/v1/me/notifications", json={"reminders": "same_morning"})
    assert r.status_code == 200 and r.json == {**DEFAULTS, "reminders": "same_morning"}
    r = team.as_ana.patch("/api/v1/me/notifications", json={"confirmations": False})
    assert r.json == {"confirmations": False, "cancellations": True, "reminders": "same_morning"}
    assert team.as_ana.get("/api/v1/me/notifications").json == r.json
    assert team.as_bo.get("/api/v1/me/notifications").json == DEFAULTS


def test_unknown_values_are_a_422_problem_and_change_nothing(team):
    for body in ({"reminders": "hourly"}, {"confirmations": "yes"}, {"sms": True}, {"cancellations": None}):
        r = team.as_ana.patch("/api/v1/me/notifications", json=body)
        assert r.status_code == 422, body
        assert problem_code(r) == "validation_error"
    assert team.as_ana.get("/api/v1/me/notifications").json == DEFAULTS


def test_the_profile_form_shows_and_saves_the_choices(client, team):
    logged_in(client, team.ana)
    page = client.get("/profile")
    text = visible(page.get_data(as_text=True))
    assert "Booking mails" in text and "always sent" in text
    r = client.post("/profile/notifications", data={"cancellations": "on", "reminders": "none"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/profile#notifications")
    assert team.as_ana.get("/api/v1/me/notifications").json == {
        "confirmations": False,
        "cancellations": True,
        "reminders": "none",
    }
    html = client.get("/profile").get_data(as_text=True)
    assert "Your mail preferences are saved." in html
    assert '<option value="none" selected>' in html
    assert 'name="confirmations">' in html and 'name="cancellations" checked>' in html


def test_the_profile_form_refuses_an_unknown_reminder(client, team):
    logged_in(client, team.ana)
    r = client.post(
        "/profile/notifications", data={"confirmations": "on", "reminders": "hourly"}, follow_redirects=True
    )
    assert r.status_code == 200
    assert team.as_ana.get("/api/v1/me/notifications").json == DEFAULTS


def test_the_export_holds_the_choices_and_erasure_deletes_them(app, team, api_as, make_user, db):
    from coworking.notifications.models import NotificationPreference

    team.as_ana.patch("/api/v1/me/notifications", json={"reminders": "none"})
    data = team.as_ana.get("/api/v1/me/data").json
    assert data["notifications"] == {**DEFAULTS, "reminders": "none"}
    admin = api_as(make_user(role="admin"))
    assert admin.post(f"/api/v1/users/{team.ana.id}/erase").status_code == 200
    db.session.rollback()
    assert db.session.get(NotificationPreference, team.ana.id) is None
