"""A member's choices about booking mails; a member without a row has the defaults."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column

from coworking.db import Base
from coworking.notifications.rules import DAY_BEFORE, Preferences


class NotificationPreference(Base):
    __tablename__ = "notification_preferences"
    __table_args__ = (CheckConstraint("reminders IN ('day_before', 'same_morning', 'none')", name="reminders"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    confirmations: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    cancellations: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    reminders: Mapped[str] = mapped_column(String(20), default=DAY_BEFORE, server_default=DAY_BEFORE)

    def values(self) -> Preferences:
        return Preferences(self.confirmations, self.cancellations, self.reminders)
