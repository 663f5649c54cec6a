"""AuditEvent: one row per audited action. Append-only: the app only inserts, and the
database refuses UPDATE (and, on PostgreSQL, DELETE) of its rows (see migration 0005)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from coworking.db import Base, UTCDateTime


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_workspace_id_at", "workspace_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Users are never deleted (erasure anonymises them), so no ON DELETE action: one would
    # be an UPDATE of an audit row, which the database refuses.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)  # "booking.created", ...
    object_type: Mapped[str] = mapped_column(String(32))  # "booking", "workspace", ...
    object_id: Mapped[str] = mapped_column(String(64))  # the public UUID where there is one, else the id
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id"))
    # No secrets, passwords or free text a member wrote (notes): the row outlives erasure.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
