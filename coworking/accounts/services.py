"""Account use cases: credentials, API tokens, user administration.

Services take the clock (and the acting user where it matters) as arguments, raise
DomainError, and only flush: the caller commits."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import bindparam, select
from werkzeug.security import check_password_hash, generate_password_hash

from coworking import errors
from coworking.accounts import directory, sessions, tokens
from coworking.accounts.models import ApiToken, User
from coworking.accounts.rules import check_role, normalize_email
from coworking.errors import N_
from coworking.extensions import db

MIN_PASSWORD_LENGTH = 10


# Argon2id at OWASP's recommended minimum (19 MiB, 2 passes): strong, yet four workers can
# hash at once without exhausting memory (scrypt at N=2^17 needs 128 MiB per hash).
_ARGON2 = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method == "argon2id":
        return _ARGON2.hash(password)
    return generate_password_hash(password, method=method)


def verify_password(stored: str, password: str) -> bool:
    """Argon2id hashes, and the older werkzeug (scrypt/pbkdf2) ones until they are upgraded."""
    if stored.startswith("$argon2"):
        try:
            return _ARGON2.verify(stored, password)
        except (VerifyMismatchError, InvalidHashError):
            return False
    return check_password_hash(stored, password)


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash is weaker than (or other than) the configured method."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method == "argon2id":
        return not stored.startswith("$argon2id$") or _ARGON2.check_needs_rehash(stored)
    return not stored.startswith(method.split(":")[0] + ":")


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise errors.ValidationFailed(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if password.strip() == "" or len(set(password)) < 4:
        raise errors.ValidationFailed("The password is too simple.")


_dummy_hash: str | None = None


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Unknown emails cost as much time as
    wrong passwords, so the answer does not reveal which emails have accounts."""
    global _dummy_hash
    try:
        email = normalize_email(email)
    except errors.ValidationFailed:
        email = None
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    if user is None or not user.password_hash:
        if _dummy_hash is None:
            _dummy_hash = hash_password(secrets.token_hex(8))
        verify_password(_dummy_hash, password or "")
        return None
    if not verify_password(user.password_hash, password or "") or not user.active:
        return None
    if needs_rehash(user.password_hash):
        # Upgrade at login, the only moment the password is known (caller commits).
        user.password_hash = hash_password(password)
        db.session.flush()
    return user


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def issue_token(user: User, now: datetime, *, kind: str = "api") -> IssuedToken:
    """A new bearer token: 256 random bits, stored only as its SHA-256."""
    if kind == "api":
        lifetime = timedelta(hours=current_app.config["API_TOKEN_HOURS"])
    else:
        lifetime = timedelta(days=current_app.config["CLI_TOKEN_DAYS"])
    token = secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id, token_hash=_token_digest(token), kind=kind, created_at=now, expires_at=now + lifetime
    )
    db.session.add(row)
    db.session.flush()
    return IssuedToken(token, row.expires_at)


# Built once: every API request runs it, and building a statement costs about as much as
# running this one. Parameters: the token's digest and the current instant.
_USER_FOR_TOKEN = (
    select(User, ApiToken.token_hash, ApiToken.id.label("token_id"), ApiToken.last_used_at)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("digest"), ApiToken.expires_at > bindparam("now"), User.active.is_(True))
)


def token_row(token: str, now: datetime):
    """(User, token_hash, token_id, last_used_at) of this unexpired token of an active user, or
    None (looked up by digest: the equality test runs on a hash of a 256-bit secret, so timing
    reveals nothing usable)."""
    if not token or len(token) > 200:
        return None
    digest = _token_digest(token)
    row = db.session.execute(_USER_FOR_TOKEN, {"digest": digest, "now": now}).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return row


def user_for_token(token: str, now: datetime) -> User | None:
    """The active user holding this unexpired token, or None."""
    row = token_row(token, now)
    return row.User if row is not None else None


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str | None,
    now: datetime,
    workspaces: list[str] = (),
    member_number: str | None = None,
    language: str | None = None,
    password_hash: str | None = None,
    verified: bool = True,
    visible_to_members: bool = False,
) -> User:
    """Members get their home workspace from ``workspaces`` (at most one); managers manage
    the listed workspaces; admins take none. ``password_hash`` (made by ``hash_password``
    beforehand) saves hashing inside the caller's transaction. Users made by admins, the CLI,
    imports and the demo are ``verified``; self-registered ones prove their address first.
    ``visible_to_members`` (off unless the member chose it) shows them to other members."""
    email = normalize_email(email)
    check_role(role)
    name = (name or "").strip()
    if not name:
        raise errors.ValidationFailed("A name is required.")
    if password is not None:
        check_password_strength(password)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise errors.Conflict(f"A user with email {email} already exists.")
    if member_number and db.session.scalar(select(User.id).where(User.member_number == member_number)):
        raise errors.Conflict(f"Member number {member_number} is already taken.")
    by_slug = directory.workspaces_by_slug(list(workspaces))
    if role == "member" and len(by_slug) > 1:
        raise errors.ValidationFailed("A member has one home workspace.")
    if role == "admin" and by_slug:
        raise errors.ValidationFailed("Admins manage every workspace; give no workspace.")
    if role == "manager" and not by_slug:
        raise errors.ValidationFailed("A manager needs at least one workspace.")
    user = User(
        email=email,
        name=name,
        role=role,
        member_number=member_number or None,
        language=language,
        active=True,
        password_hash=password_hash or (hash_password(password) if password else None),
        created_at=now,
        email_verified=verified,
        visible_to_members=visible_to_members,
    )
    if role == "member" and by_slug:
        user.home_workspace = next(iter(by_slug.values()))
    if role == "manager":
        user.managed_workspaces = list(by_slug.values())
        user.home_workspace = by_slug[workspaces[0]]
    db.session.add(user)
    db.session.flush()
    return user


IMPORT_COLUMNS = ["email", "name", "member_number", "role", "workspace", "password"]


def parse_roster(text: str) -> list[tuple[int, dict[str, str]]]:
    """Read a roster CSV (columns IMPORT_COLUMNS) into (line number, values) rows, refusing a
    wrong header, shifted fields and weak passwords with the line they are on."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    if header != IMPORT_COLUMNS:
        raise errors.ValidationFailed(f"line 1: expected columns {','.join(IMPORT_COLUMNS)}, got {','.join(header)}")
    rows = []
    for row in reader:
        line = reader.line_num
        if None in row or None in row.values():
            raise errors.ValidationFailed(
                f"line {line}: expected {len(IMPORT_COLUMNS)} comma-separated fields "
                "(put values that contain commas in double quotes)."
            )
        values = {k.strip(): (v or "").strip() for k, v in row.items()}
        if values["password"]:
            try:
                check_password_strength(values["password"])
            except errors.DomainError as exc:
                raise errors.ValidationFailed(f"line {line}: {exc.detail}") from exc
        rows.append((line, values))
    return rows


def import_users(rows: list[tuple[int, dict[str, str]]], now: datetime, hashes: dict[int, str]) -> list[User]:
    """Create the roster's users. All or nothing: the first bad row raises ValidationFailed
    naming its line, and the caller rolls back. ``hashes`` maps line numbers to password
    hashes computed before the transaction (hashing is slow; the write lock is not held)."""
    users = []
    seen: set[str] = set()
    for line, values in rows:
        try:
            email = normalize_email(values["email"])
            if email in seen:
                raise errors.Conflict(f"{email} appears twice in the file.")
            seen.add(email)
            users.append(
                create_user(
                    email=email,
                    name=values["name"],
                    role=values["role"] or "member",
                    password=None,
                    password_hash=hashes.get(line),
                    now=now,
                    workspaces=[values["workspace"]] if values["workspace"] else [],
                    member_number=values["member_number"] or None,
                )
            )
        except errors.DomainError as exc:
            raise errors.ValidationFailed(f"line {line}: {exc.detail}") from exc
    return users


# --- web accounts: registration, profile, passwords ---------------------------------------

LANGUAGES = ("en", "nl", "fr", "de")


def register(*, email: str, name: str, password: str, now: datetime) -> User | None:
    """Create a member account, not yet verified (it cannot book until its owner follows the
    link mailed to the address). No member number: admins and imports set those. Returns None
    when the email already has one (the caller then answers exactly as for a new account and
    mails the owner instead)."""
    email = normalize_email(email)
    check_password_strength(password)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        hash_password(password)  # as slow as creating the account: the timing reveals nothing
        return None
    return create_user(email=email, name=name, role="member", password=password, now=now, verified=False)


def change_password(user: User, current: str, new: str) -> None:
    """Needs the current password. Ends every other session of the user."""
    if not user.password_hash or not verify_password(user.password_hash, current or ""):
        raise errors.ValidationFailed(N_("The current password is not right."), field="current_password")
    check_password_strength(new)
    _set_password(user, new)


def _set_password(user: User, new: str) -> None:
    user.password_hash = hash_password(new)
    end_all_sessions(user)


def end_all_sessions(user: User) -> None:
    """Every session, "remember me" cookie and API token of the user stops being accepted (the
    session id carries the version, see User.get_id; the session rows and tokens go)."""
    user.session_version += 1
    sessions.end_all(user)
    tokens.revoke_all(user)
    db.session.flush()


def update_profile(user: User, *, name: str, language: str | None, home_workspace: str | None) -> User:
    name = (name or "").strip()
    if not name:
        raise errors.ValidationFailed(N_("A name is required."), field="name")
    if language and language not in LANGUAGES:
        raise errors.ValidationFailed(N_("Unknown language."), field="language")
    user.name = name[:200]
    user.language = language or None
    user.home_workspace = directory.workspaces_by_slug([home_workspace])[home_workspace] if home_workspace else None
    db.session.flush()
    return user


def _reset_serializer(secret_key: str):
    return URLSafeTimedSerializer(secret_key, salt="coworking-password-reset")


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "-").encode()).hexdigest()[:16]


def password_reset_token(user: User, secret_key: str) -> str:
    """A signed token naming the user and the password it may replace: once used (or once the
    password changed otherwise) it no longer matches, so it works once."""
    return _reset_serializer(secret_key).dumps({"u": user.id, "p": _password_fingerprint(user)})


def user_for_reset_token(token: str, secret_key: str, max_age_seconds: int) -> User | None:
    try:
        data = _reset_serializer(secret_key).loads(token, max_age=max_age_seconds)
    except BadSignature:  # includes SignatureExpired
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) and isinstance(data.get("u"), int) else None
    if user is None or not user.active or not hmac.compare_digest(_password_fingerprint(user), str(data.get("p"))):
        return None
    return user


def reset_password(token: str, new: str, *, secret_key: str, max_age_seconds: int) -> User:
    user = user_for_reset_token(token, secret_key, max_age_seconds)
    if user is None:
        raise errors.ValidationFailed(N_("This reset link has expired or was already used."), field="token")
    check_password_strength(new)
    _set_password(user, new)
    user.email_verified = True  # the link was mailed to the address: following it proves it
    return user


def find_active_user(email: str) -> User | None:
    try:
        email = normalize_email(email)
    except errors.ValidationFailed:
        return None
    return db.session.scalar(select(User).where(User.email == email, User.active.is_(True)))
