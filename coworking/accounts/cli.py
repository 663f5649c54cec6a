"""`flask users …`: create, import, issue API tokens, erase personal data."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from coworking import errors
from coworking.accounts import erasure, invitations, mails, services
from coworking.accounts.models import User
from coworking.accounts.rules import ROLES, normalize_email
from coworking.db import utcnow
from coworking.extensions import db
from coworking.web import unit_of_work

users_cli = AppGroup("users", help="User administration.")


def _fail(exc: errors.DomainError):
    raise click.ClickException(exc.detail)


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--workspace", "workspaces", multiple=True, help="Home workspace (member) or managed one (manager).")
@click.option("--member-number", default=None)
@click.option("--password", default=None, help="Prompted for when omitted (unless --welcome).")
@click.option(
    "--welcome", is_flag=True, help="Mail the user where to log in; without --password they choose one from the mail."
)
def create_user(email, name, role, workspaces, member_number, password, welcome):
    """Create a user."""
    if password is None and not welcome:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)

    def create() -> User:
        now = utcnow()
        user = services.create_user(
            email=email,
            name=name,
            role=role,
            password=password,
            now=now,
            workspaces=list(workspaces),
            member_number=member_number,
        )
        if welcome:
            mails.welcome(user, now)
        return user

    try:
        user = unit_of_work.run(create)
    except errors.DomainError as exc:
        _fail(exc)
    click.echo(f"Created {user.role} {user.email} (id {user.id}).{' Welcome mail queued.' if welcome else ''}")


@users_cli.command("invite")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--workspace", "workspaces", multiple=True, help="Home workspace (member) or managed one (manager).")
@click.option("--member-number", default=None)
@click.option(
    "--language", type=click.Choice(services.LANGUAGES), default=None, help="Their language (and the mail's)."
)
def invite_user(email, name, role, workspaces, member_number, language):
    """Invite a user: the account has no password until they follow the mailed link
    (valid 7 days, once), as when an admin invites from the members page."""
    try:
        invited = unit_of_work.run(
            lambda: invitations.invite(
                None,
                email=email,
                name=name,
                role=role,
                workspaces=list(workspaces),
                member_number=member_number,
                language=language,
                now=utcnow(),
            )
        )
    except errors.DomainError as exc:
        _fail(exc)
    click.echo(
        f"Invited {invited.user.role} {invited.user.email} (id {invited.user.id}); "
        f"the link expires {invited.expires_at:%Y-%m-%d %H:%M} UTC."
    )


@users_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--welcome", is_flag=True, help="Mail each imported user where to log in (and to choose a password).")
def import_users(file, welcome):
    """Import users from a CSV: email,name,member_number,role,workspace,password.
    All or nothing: a bad row is reported with its line number and nothing is imported."""
    try:
        text = file.read()
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file.name} is not UTF-8 text: save the roster as CSV (UTF-8).") from exc
    try:
        rows = services.parse_roster(text)
        # Hash before the transaction: scrypt is slow, and the write lock must stay short.
        hashes = {line: services.hash_password(values["password"]) for line, values in rows if values["password"]}

        def import_all() -> list[User]:
            now = utcnow()
            users = services.import_users(rows, now, hashes)
            for user in users if welcome else ():
                mails.welcome(user, now)
            return users

        users = unit_of_work.run(import_all)
    except errors.DomainError as exc:
        _fail(exc)
    click.echo(f"Imported {len(users)} users.{' Welcome mails queued.' if welcome else ''}")


@users_cli.command("token")
@click.argument("emails", nargs=-1, required=True)
def token(emails):
    """Print a new API token (valid for CLI_TOKEN_DAYS) per user, one per line, in order."""

    def issue() -> list[str]:
        found = []
        for email in emails:
            try:
                normalized = normalize_email(email)
            except errors.DomainError as exc:
                raise errors.NotFound(exc.detail) from exc
            user = db.session.scalar(select(User).where(User.email == normalized, User.active.is_(True)))
            if user is None:
                raise errors.NotFound(f"No active user {email}.")
            found.append(user)
        now = utcnow()
        return [services.issue_token(user, now, kind="cli").token for user in found]

    try:
        tokens = unit_of_work.run(issue)
    except errors.DomainError as exc:
        _fail(exc)
    for value in tokens:
        click.echo(value)


@users_cli.command("erase")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase(email, yes):
    """Erase a member's personal data: name, email and member number become an anonymous
    marker, the password, tokens and calendar links go; bookings stay for the figures."""
    try:
        normalized = normalize_email(email)
    except errors.DomainError as exc:
        _fail(exc)
    user_id = db.session.scalar(select(User.id).where(User.email == normalized))
    if user_id is None:
        raise click.ClickException(f"No user {email}.")
    if not yes:
        click.confirm(f"Erase the personal data of {normalized} (id {user_id})? This cannot be undone", abort=True)
    try:
        user = unit_of_work.run(erasure.erase_member, None, user_id, utcnow())
    except errors.DomainError as exc:
        _fail(exc)
    click.echo(f"Erased user {user.id}: now {user.name} <{user.email}>.")
