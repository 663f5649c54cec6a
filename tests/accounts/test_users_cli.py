"""`flask users create | import | token`: user administration from the command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from coworking.accounts import permissions, services
from coworking.accounts.models import ApiToken, User

NEW_PASSWORD = "a-long-cli-password"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, **kw):
        return runner.invoke(args=["users", *args], **kw)

    return invoke


def user_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def get_user(db, email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def can_log_in(client, email: str, password: str) -> bool:
    r = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert r.status_code in (201, 401), r.json
    return r.status_code == 201


# --- users create ------------------------------------------------------------------------


def test_create_member_with_password_option(cli, db, client, make_workspace):
    ws = make_workspace()
    result = cli(
        "create",
        "  Ana.Silva@Example.org ",
        "--name",
        "Ana Silva",
        "--workspace",
        ws.slug,
        "--member-number",
        "CW-0042",
        "--password",
        NEW_PASSWORD,
    )
    assert result.exit_code == 0, result.output
    assert "Created member ana.silva@example.org" in result.output
    user = get_user(db, "ana.silva@example.org")  # stored normalised
    assert (user.role, user.name, user.member_number, user.home_workspace_id) == (
        "member",
        "Ana Silva",
        "CW-0042",
        ws.id,
    )
    assert user.password_hash != NEW_PASSWORD
    assert can_log_in(client, "ana.silva@example.org", NEW_PASSWORD)


def test_create_prompts_for_the_password_twice(cli, db, client):
    result = cli("create", "prompted@example.org", "--name", "Prompted", input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password" in result.output and NEW_PASSWORD not in result.output  # hidden input
    assert can_log_in(client, "prompted@example.org", NEW_PASSWORD)


def test_create_prompt_repeats_until_both_entries_match(cli, db, client):
    entries = f"{NEW_PASSWORD}\nsomething-else-entirely\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    result = cli("create", "typo@example.org", "--name", "Typo", input=entries)
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert can_log_in(client, "typo@example.org", NEW_PASSWORD)


def test_create_refuses_a_duplicate_email_and_creates_nothing(cli, db, make_user):
    make_user(email="taken@example.org")
    before = user_count(db)
    result = cli("create", "TAKEN@example.org", "--name", "Someone Else", "--password", NEW_PASSWORD)
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert user_count(db) == before
    assert get_user(db, "taken@example.org").name != "Someone Else"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--password", "short"], "at least 10 characters"),
        (["--password", NEW_PASSWORD, "--workspace", "nowhere"], "Unknown workspace: nowhere"),
        (["--password", NEW_PASSWORD, "--role", "manager"], "needs at least one workspace"),
        (["--password", NEW_PASSWORD, "--role", "boss"], "'boss' is not one of"),
    ],
)
def test_create_refuses_invalid_input(cli, db, args, message):
    result = cli("create", "bad@example.org", "--name", "Bad Input", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert user_count(db) == 0


def test_create_manager_of_several_workspaces(cli, db, client, make_workspace, auth):
    ghent, lyon, other = make_workspace(slug="ghent"), make_workspace(slug="lyon"), make_workspace(slug="other")
    result = cli(
        "create",
        "boss@example.org",
        "--name",
        "Boss",
        "--role",
        "manager",
        "--workspace",
        "ghent",
        "--workspace",
        "lyon",
        "--password",
        NEW_PASSWORD,
    )
    assert result.exit_code == 0, result.output
    manager = get_user(db, "boss@example.org")
    assert manager.role == "manager"
    assert {w.slug for w in manager.managed_workspaces} == {"ghent", "lyon"}
    assert permissions.manages(manager, ghent) and permissions.manages(manager, lyon)
    assert not permissions.manages(manager, other)
    # ... and the API agrees: may read the bookings of a managed workspace, not of another.
    headers = auth(manager)
    assert client.get("/api/v1/bookings?workspace=lyon", headers=headers).status_code == 200
    assert client.get("/api/v1/bookings?workspace=other", headers=headers).status_code == 403


def test_create_admin(cli, db):
    result = cli("create", "root@example.org", "--name", "Root", "--role", "admin", "--password", NEW_PASSWORD)
    assert result.exit_code == 0, result.output
    admin = get_user(db, "root@example.org")
    assert admin.is_admin and admin.home_workspace_id is None and admin.managed_workspaces == []


# --- users import ------------------------------------------------------------------------

HEADER = "email,name,member_number,role,workspace,password\n"


def write_csv(tmp_path, body: str, *, encoding="utf-8"):
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + body, encoding=encoding)
    return str(path)


def test_import_a_roster(cli, db, client, make_workspace, tmp_path):
    brussels, ghent = make_workspace(slug="brussels"), make_workspace(slug="ghent")
    path = write_csv(
        tmp_path,
        f"ana@example.org,Ana Silva,CW-001,member,brussels,{NEW_PASSWORD}\n"
        '"Bram@Example.org","Peeters, Bram",CW-002,,ghent,\n'  # role defaults to member; no password yet
        f"lotte@example.org,Lotte Vermeulen,,manager,ghent,{NEW_PASSWORD}\n"
        f"root@example.org,Root Admin,,admin,,{NEW_PASSWORD}\n",
        encoding="utf-8-sig",  # as spreadsheets export it, with a BOM
    )
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert "Imported 4 users" in result.output

    ana, bram = get_user(db, "ana@example.org"), get_user(db, "bram@example.org")
    assert (ana.role, ana.member_number, ana.home_workspace_id) == ("member", "CW-001", brussels.id)
    assert (bram.role, bram.name, bram.home_workspace_id, bram.password_hash) == (
        "member",
        "Peeters, Bram",
        ghent.id,
        None,
    )
    manager = get_user(db, "lotte@example.org")
    assert manager.role == "manager" and [w.slug for w in manager.managed_workspaces] == ["ghent"]
    admin = get_user(db, "root@example.org")
    assert admin.role == "admin" and admin.home_workspace_id is None
    assert can_log_in(client, "ana@example.org", NEW_PASSWORD)
    assert not can_log_in(client, "bram@example.org", "")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            "a@example.org,A,,member,ws-a,\n"
            "b@example.org,B,,member,ws-a,\n"
            "c@example.org,C,,member,nowhere,\n"
            "d@example.org,D,,member,ws-a,\n",
            "line 4: Unknown workspace: nowhere",
            id="unknown-workspace",
        ),
        pytest.param(
            "a@example.org,A,,member,ws-a,\nb@example.org,B,,member,,\nA@EXAMPLE.ORG,A again,,member,ws-a,\n",
            "line 4: a@example.org appears twice",
            id="duplicate-in-file",
        ),
        pytest.param(
            "a@example.org,A,,member,ws-a,\nexisting@example.org,E,,member,ws-a,\n",
            "line 3: A user with email existing@example.org already exists",
            id="duplicate-in-database",
        ),
        pytest.param(
            "a@example.org,A,CW-1,member,ws-a,\nb@example.org,B,CW-1,member,ws-a,\n",
            "line 3: Member number CW-1 is already taken",
            id="duplicate-member-number",
        ),
        pytest.param(
            "a@example.org,A,,member,ws-a,\n\nnot-an-email,B,,member,ws-a,\n",
            "line 4: 'not-an-email' is not an email address",
            id="bad-email-after-blank-line",
        ),
        pytest.param("a@example.org,A,,member,ws-a,short\n", "line 2: The password must have", id="weak-password"),
        pytest.param("a@example.org,A,,manager,,\n", "line 2: A manager needs at least one workspace", id="manager"),
        pytest.param("a@example.org,A,,admin,ws-a,\n", "line 2: Admins manage every workspace", id="admin"),
        pytest.param("a@example.org,A,,chief,ws-a,\n", "line 2: role must be one of", id="unknown-role"),
    ],
)
def test_import_with_a_bad_row_names_its_line_and_imports_nothing(
    cli, db, make_workspace, make_user, tmp_path, body, message
):
    make_workspace(slug="ws-a")
    make_user(email="existing@example.org")
    path = write_csv(tmp_path, body)
    result = cli("import", path)
    assert result.exit_code != 0
    assert message in result.output
    assert [u.email for u in db.session.scalars(select(User))] == ["existing@example.org"]


def test_import_refuses_wrong_columns(cli, db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("email,name,role\na@example.org,A,member\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code != 0
    assert "line 1: expected columns email,name,member_number,role,workspace,password" in result.output
    assert user_count(db) == 0


def test_import_of_a_missing_file_fails(cli, db, tmp_path):
    result = cli("import", str(tmp_path / "nope.csv"))
    assert result.exit_code != 0
    assert user_count(db) == 0


def test_import_refuses_a_row_with_surplus_fields(cli, db, make_workspace, tmp_path):
    # An unquoted comma in a name shifts every later field; the shifted row must not slip in.
    make_workspace(slug="ws-a")
    path = write_csv(tmp_path, "a@example.org,A,,member,ws-a,\nb@example.org,Peeters, Bram,member,,,\n")
    result = cli("import", path)
    assert result.exit_code != 0
    assert "line 3" in result.output
    assert user_count(db) == 0


def test_import_of_a_non_utf8_file_explains_the_encoding(cli, db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes((HEADER + "c@example.org,André,,member,,\n").encode("latin-1"))
    result = cli("import", str(path))
    assert result.exit_code != 0
    assert user_count(db) == 0
    assert "UTF-8" in result.output


# --- users token -------------------------------------------------------------------------


def test_token_prints_one_working_token_per_user_in_order(cli, db, client, make_user, make_workspace):
    make_workspace()
    first, second = make_user(email="first@example.org"), make_user(email="second@example.org", role="admin")
    result = cli("token", "second@example.org", " FIRST@example.org")
    assert result.exit_code == 0, result.output
    tokens = result.stdout.splitlines()
    assert len(tokens) == 2 and len(set(tokens)) == 2 and all(tokens)

    now = datetime.now(UTC)
    assert [services.user_for_token(t, now).id for t in tokens] == [second.id, first.id]
    for token in tokens:
        r = client.get("/api/v1/workspaces", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, r.json
        assert len(r.json) == 1
    rows = db.session.scalars(select(ApiToken)).all()
    assert {r.kind for r in rows} == {"cli"}
    assert all(r.expires_at - r.created_at >= timedelta(days=30) for r in rows)
    assert all(t not in {r.token_hash for r in rows} for t in tokens)  # only digests are stored


def test_token_for_the_same_user_twice_gives_two_tokens(cli, db, make_user):
    make_user(email="twice@example.org")
    result = cli("token", "twice@example.org", "twice@example.org")
    assert result.exit_code == 0, result.output
    assert len(set(result.stdout.splitlines())) == 2


@pytest.mark.parametrize("unknown", ["nobody@example.org", "not-an-email"])
def test_token_for_an_unknown_user_prints_nothing_and_issues_nothing(cli, db, make_user, unknown):
    make_user(email="known@example.org")
    result = cli("token", "known@example.org", unknown)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert unknown in result.stderr
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_token_for_an_inactive_user_fails(cli, db, make_user):
    user = make_user(email="gone@example.org")
    user.active = False
    db.session.commit()
    result = cli("token", "gone@example.org")
    assert result.exit_code != 0
    assert result.stdout == ""


def test_token_needs_an_email(cli, db):
    result = cli("token")
    assert result.exit_code != 0
    assert result.stdout == ""
