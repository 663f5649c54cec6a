"""Read side of accounts: everything held about one member, as a JSON-ready document."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from coworking.accounts.models import ApiToken, User
from coworking.extensions import db

EXPORT_VERSION = 1


def _instant(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User, now: datetime) -> dict:
    """The member's profile (without password hash or calendar secret), their bookings, their
    API tokens' dates (never the hashes) and the audit events they did. Four queries."""
    from coworking.audit.services import event_json, events_by_actor
    from coworking.bookings.models import Booking

    bookings = db.session.scalars(
        select(Booking)
        .where(Booking.member_id == user.id)
        .options(joinedload(Booking.desk), joinedload(Booking.workspace))
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)).all()
    home = user.home_workspace
    return {
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
            "managed_workspaces": sorted(w.slug for w in user.managed_workspaces),
            "created_at": _instant(user.created_at),
            "email_verified": user.email_verified,
            "has_password": bool(user.password_hash),
        },
        "bookings": [
            {
                "id": str(b.uuid),
                "workspace": b.workspace.slug,
                "workspace_name": b.workspace.name,
                "desk": b.desk.code,
                "start": _instant(b.starts_at),
                "end": _instant(b.ends_at),
                "status": b.status,
                "note": b.note,
                "created_at": _instant(b.created_at),
                "cancelled_at": _instant(b.cancelled_at),
                "cancel_reason": b.cancel_reason,
            }
            for b in bookings
        ],
        "api_tokens": [
            {
                "kind": t.kind,
                "created_at": _instant(t.created_at),
                "expires_at": _instant(t.expires_at),
                "last_used_at": _instant(t.last_used_at),
            }
            for t in tokens
        ],
        "audit_events": [event_json(e) for e in events_by_actor(user.id)],
    }
