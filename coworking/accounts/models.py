"""Users (members, managers, admins) and their API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coworking.accounts.rules import ROLES
from coworking.db import Base, UTCDateTime

if TYPE_CHECKING:
    from coworking.workspaces.models import Workspace


# A manager's scope: the workspaces they manage. Accounts owns it (it says who may do what);
# the workspaces feature reads it through Workspace.managers.
workspace_managers = Table(
    "workspace_managers",
    Base.metadata,
    Column("workspace_id", ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


def new_calendar_secret() -> str:
    return secrets.token_hex(32)


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # normalised, see rules.normalize_email
    name: Mapped[str] = mapped_column(String(200))
    member_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    home_workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(8))
    role: Mapped[str] = mapped_column(String(16), default="member")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Bumped when the password changes: every other session (and "remember me" cookie),
    # which carries the old value in its id, stops being accepted.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Random per-member value; calendar feed URLs are an HMAC of it under SECRET_KEY, so the
    # database alone never reveals a working URL. Replaced to rotate the URLs.
    calendar_secret: Mapped[str] = mapped_column(String(64), default=new_calendar_secret, server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # False only for a self-registered member who has not yet followed the link mailed to the
    # address: they cannot book. Everyone else (admins, CLI, imports, demo, raw inserts, users
    # from before migration 0009) is verified, so the default is True.
    email_verified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # When the member was welcomed, right after logging in, with the question where they
    # usually work (None: not yet). A member without a home workspace is shown the welcome page
    # once (members.onboarding); saving it or choosing "Later" sets this too.
    home_workspace_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Whether other members may see that this member is in (first name on the booked desk, the
    # "who's in" page) and find them by name (e.g. as a meeting-room guest). Off by default.
    visible_to_members: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # Declared by name: accounts sits below workspaces and never imports it.
    home_workspace: Mapped[Workspace | None] = relationship("Workspace", foreign_keys=[home_workspace_id])
    managed_workspaces: Mapped[list[Workspace]] = relationship(
        "Workspace", secondary=workspace_managers, back_populates="managers"
    )

    # Set by accounts.sessions at login: the random key of this login's server-side session row.
    session_key = None  # str | None; not a column

    def get_id(self) -> str:
        """Flask-Login's id, in the session and in the "remember me" cookie:
        ``"<id>.<session_version>.<session key>"`` (see accounts.sessions)."""
        return f"{self.id}.{self.session_version}.{self.session_key or ''}"

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_admin(self) -> bool:
        """The admin role (templates read it; code asks ``accounts.permissions``)."""
        return self.role == "admin"


class ApiToken(Base):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("kind IN ('api', 'cli')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Updated at most every TOKEN_LAST_USED_MINUTES, so the API hot path rarely writes.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class UserSession(Base):
    """One login on one device. The browser's session (and "remember me" cookie) carries a
    random key; only its SHA-256 is stored. Logging out deletes the row, so a copy of either
    cookie stops working, while the member's other devices keep theirs."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Touched at most every SESSION_TOUCH_MINUTES; idle longer than SESSION_IDLE_DAYS ends it.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Invitation(Base):
    """An admin's invitation to set a password: a link mailed to the new member, valid
    INVITATION_DAYS, usable once. Only the SHA-256 of the link's token is stored; a new
    invitation to the same member replaces the earlier ones (their links stop working)."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set once, by a guarded UPDATE (… WHERE used_at IS NULL): two submissions of one link
    # cannot both set a password.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
