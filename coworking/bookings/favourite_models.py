"""A member's favourite desks (starred on a workspace's day page, or set through the API)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from coworking.db import Base, UTCDateTime


class FavouriteDesk(Base):
    """One starred desk of one member: the desk select lists it first, and the day page
    preselects it when it is free for the chosen time."""

    __tablename__ = "favourite_desks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desks.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
