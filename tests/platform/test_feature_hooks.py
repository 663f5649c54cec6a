"""What the features above accounts and the audit trail register at app start (create_app),
and "who may do what" (accounts.permissions): the lower features import none of the higher
ones, so an unconnected receiver or section would silently make an erasure or an export
incomplete."""

from __future__ import annotations

import pytest

from coworking.accounts import directory, hooks, permissions
from coworking.audit import labels
from coworking.errors import Forbidden, ValidationFailed


def _receiver_modules() -> set[str]:
    return {receiver.__module__ for receiver in hooks.member_erased.receivers_for(1)}


def test_create_app_connects_every_erasure_receiver_and_section(app):
    assert _receiver_modules() >= {
        "coworking.bookings.personal_data",
        "coworking.budget.personal_data",
        "coworking.notifications.services",
        "coworking.bookings.favourites",
        "coworking.bookings.guest_personal_data",
    }
    assert list(hooks.personal_data_sections()) == ["bookings", "waitlist", "guests", "favourites", "notifications"]
    assert [s.template for s in hooks.profile_sections()] == [
        "calendar/_profile.html",
        "notifications/_profile.html",
    ]


def test_booking_mails_are_connected_once_however_many_apps_are_built(app):
    from coworking.bookings import signals, waitlist
    from coworking.mail import worker
    from tests.support.app import make_app

    make_app(app.config["SQLALCHEMY_DATABASE_URI"])  # a second app in the same process
    receivers = {
        signals.booking_confirmed: ["coworking.notifications.services"],
        # the mail first, then the waitlist (served when that transaction commits)
        signals.booking_cancelled: [
            "coworking.notifications.services",
            "coworking.notifications.guest_mail",  # a meeting's guests are told too
            "coworking.bookings.waitlist",
        ],
        signals.guests_changed: ["coworking.notifications.guest_mail"],
        signals.booking_released: ["coworking.notifications.services", "coworking.bookings.waitlist"],
        waitlist.waitlist_booked: ["coworking.notifications.waitlist_mail"],
    }
    for signal, expected in receivers.items():
        assert [receiver.__module__ for receiver in signal.receivers.values()] == expected
    assert [name for name, _job in worker.jobs.items()] == ["reminders", "release", "waitlist"]


def test_the_lookups_below_workspaces_are_provided(db, make_workspace):
    ghent = make_workspace(slug="ghent", city="Ghent", name="Dok")
    assert directory.workspaces_by_slug(["ghent"]) == {"ghent": ghent}
    assert ("ghent", "Ghent · Dok") in directory.workspace_choices()
    with pytest.raises(ValidationFailed, match=r"Unknown workspace: nowhere\."):
        directory.workspaces_by_slug(["ghent", "nowhere"])
    assert labels.workspace_id("ghent") == ghent.id
    assert labels.workspaces([ghent.id]) == {ghent.id: labels.WorkspaceLabel("ghent", "Europe/Brussels")}
    assert labels.workspaces([]) == {}


def test_permissions_roles_and_a_managers_scope(db, make_workspace, make_user):
    mine = make_workspace(slug="mine", name="B")
    other = make_workspace(slug="other", name="A")
    admin = make_user(role="admin")
    manager = make_user(role="manager", workspaces=[mine])
    member = make_user(workspaces=[mine])

    assert permissions.manages(admin, other) and permissions.manages(admin, other.id)
    assert permissions.manages(manager, mine) and permissions.manages(manager, mine.id)
    assert not permissions.manages(manager, other) and not permissions.manages(member, mine)
    assert permissions.managed_workspace_ids(manager) == {mine.id}
    assert permissions.managed_workspace_ids(admin) == {mine.id, other.id}
    assert permissions.managed_workspace_ids(member) == frozenset()
    assert [w.slug for w in permissions.managed_workspaces(admin)] == ["other", "mine"]  # by name
    assert permissions.managed_workspaces(member) == []

    permissions.require_admin(admin)
    for nobody in (manager, member, None):
        with pytest.raises(Forbidden):
            permissions.require_admin(nobody, "Only admins do this.")
    permissions.require_manager(manager, mine)
    with pytest.raises(Forbidden, match=r"Only this workspace's managers and admins may do this\."):
        permissions.require_manager(manager, other)
