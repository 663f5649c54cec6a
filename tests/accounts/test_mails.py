"""Account mails go through the outbox: queued with their change, sent by the worker, in the
member's language, with links from BASE_URL only."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tests.support.app import mail_text, outbox
from tests.support.factories import PASSWORD

BASE = "http://127.0.0.1:5000"


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", mail_text(message))


def test_welcome_from_the_command_line_says_where_to_log_in_and_how_to_choose_a_password(app, db):
    runner = app.test_cli_runner()
    r = runner.invoke(args=["users", "create", "new@example.org", "--name", "Noor", "--welcome"])
    assert r.exit_code == 0, r.output
    assert "Welcome mail queued" in r.output
    (welcome,) = outbox(app)
    assert welcome["To"] == "new@example.org" and welcome["Message-ID"]
    text = mail_text(welcome)
    assert "Hello Noor," in text and "You have no password yet" in text
    assert _links(welcome) == [BASE + "/login", BASE + "/password/forgot"]
    # The HTML part says the same, with the button to choose a password.
    html = welcome.get_body(("html",)).get_content()
    assert BASE + "/password/forgot" in html


def test_welcome_is_not_queued_without_the_flag_and_not_at_all_when_creation_fails(app, db, make_user):
    from coworking.mail.models import OutboxMessage

    make_user(email="taken@example.org")
    runner = app.test_cli_runner()
    plain = runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--password", PASSWORD])
    assert plain.exit_code == 0
    failed = runner.invoke(args=["users", "create", "taken@example.org", "--name", "Dup", "--welcome"])
    assert failed.exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert [m["Subject"] for m in outbox(app)] == []


def test_import_with_welcome_mails_each_imported_member_in_their_language(app, db, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "email,name,member_number,role,workspace,password\n"
        "one@example.org,One,M-1,member,,\n"
        "two@example.org,Two,M-2,member,,a long enough passphrase\n"
    )
    r = app.test_cli_runner().invoke(args=["users", "import", str(roster), "--welcome"])
    assert r.exit_code == 0, r.output
    mails = {m["To"]: m for m in outbox(app)}
    assert set(mails) == {"one@example.org", "two@example.org"}
    assert "You have no password yet" in mail_text(mails["one@example.org"])
    assert "You have no password yet" not in mail_text(mails["two@example.org"])
    assert all(m["Content-Language"] == "en" for m in mails.values())


def test_reset_mail_is_in_the_members_language(app, client, db, make_user):
    make_user(email="nl@example.org", language="nl")
    client.post("/password/forgot", data={"email": "nl@example.org"})
    (mail,) = outbox(app)
    assert mail["Content-Language"] == "nl"
    assert _links(mail)[0].startswith(BASE + "/password/reset/")


def test_a_reset_for_a_forged_host_still_links_to_base_url(app, client, db, make_user):
    make_user(email="ana@example.org")
    client.post("/password/forgot", data={"email": "ana@example.org"}, headers={"Host": "localhost"})
    (mail,) = outbox(app)
    assert all(link.startswith(BASE + "/") for link in _links(mail))
