"""Booking mails: confirmations and cancellations with a calendar invitation (iTIP/iMIP),
reminders before a booking starts, and each member's preferences about them."""
