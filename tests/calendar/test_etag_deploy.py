"""Feed validators across a deploy: a new UID domain or new library, time-zone data or catalog
versions give every feed a new ETag, though no booking changed (``make mutants`` breaks each
of these ingredients of the validator; these tests are what notices)."""

from __future__ import annotations

from tests.support.calendar import feed_urls, fetch


def test_a_new_uid_domain_gives_new_uids_and_a_new_etag(client, app, world, monkeypatch):
    url = feed_urls(world.as_ana)["feed_url"]
    first = fetch(client, url)
    assert b"@coworking.invalid" in first.data
    monkeypatch.setitem(app.config, "CALENDAR_UID_DOMAIN", "desks.example.coop")
    again = fetch(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]
    assert b"@desks.example.coop" in again.data and b"@coworking.invalid" not in again.data


def test_new_library_or_catalog_versions_give_a_new_etag(client, world, monkeypatch):
    from coworking.calendar import views

    url = feed_urls(world.as_ana)["feed_url"]
    first = fetch(client, url)
    assert fetch(client, url, **{"If-None-Match": first.headers["ETag"]}).status_code == 304
    monkeypatch.setattr(views, "runtime_fingerprint", lambda: "icalendar 99; tzdata 2099a")
    again = fetch(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]
