"""Read side of accounts: everything held about one member, as a JSON-ready document, and the
emails the audit trail shows for its actors."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from coworking.accounts import hooks
from coworking.accounts.models import ApiToken, User
from coworking.audit.services import event_json, events_by_actor
from coworking.extensions import db

EXPORT_VERSION = 1


def _instant(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User, now: datetime) -> dict:
    """The member's profile (without password hash or calendar secret), the sections the other
    features hold about them (``hooks.add_personal_data_section``: their bookings), their API
    tokens' dates (never the hashes) and the audit events they did."""
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)).all()
    home = user.home_workspace
    document = {
        "format": "coworking-personal-data",
        "version": EXPORT_VERSION,
        "exported_at": now.isoformat(),
        "profile": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "member_number": user.member_number,
            "role": user.role,
            "language": user.language,
            "active": user.active,
            "home_workspace": home.slug if home else None,
            "home_workspace_asked_at": _instant(user.home_workspace_asked_at),
            "managed_workspaces": sorted(w.slug for w in user.managed_workspaces),
            "created_at": _instant(user.created_at),
            "email_verified": user.email_verified,
            "has_password": bool(user.password_hash),
            "visible_to_members": user.visible_to_members,
        },
    }
    for name, section in hooks.personal_data_sections().items():
        document[name] = section(user, now)
    document["api_tokens"] = [
        {
            "kind": t.kind,
            "created_at": _instant(t.created_at),
            "expires_at": _instant(t.expires_at),
            "last_used_at": _instant(t.last_used_at),
        }
        for t in tokens
    ]
    document["audit_events"] = [event_json(e) for e in events_by_actor(user.id)]
    return document


def actor_emails(ids: Collection[int]) -> dict[int, str]:
    """User id → current email (an erased member's is the anonymous marker)."""
    return dict(db.session.execute(select(User.id, User.email).where(User.id.in_(ids))).all())


# --- the members list of the admin pages and the API ----------------------------------------

MEMBERS_PER_PAGE = 25


@dataclass(frozen=True)
class MemberPage:
    """One page of the members list: the users on it, how many match, and the page number
    (from 1) with the count of pages."""

    users: list[User]
    total: int
    page: int
    pages: int


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_members(query: str = "", *, page: int = 1, per_page: int = MEMBERS_PER_PAGE) -> MemberPage:
    """Users whose name, email or member number contains ``query`` (any case), by name then id,
    one page at a time (two statements whatever the data size: the count and the page)."""
    conditions = []
    query = (query or "").strip()[:200]
    if query:
        pattern = _like(query.lower())
        conditions.append(
            or_(
                func.lower(User.name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
                func.lower(func.coalesce(User.member_number, "")).like(pattern, escape="\\"),
            )
        )
    total = db.session.scalar(select(func.count(User.id)).where(*conditions)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    users = db.session.scalars(
        select(User)
        .where(*conditions)
        .options(selectinload(User.managed_workspaces), selectinload(User.home_workspace))
        .order_by(func.lower(User.name), User.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return MemberPage(list(users), total, page, pages)
