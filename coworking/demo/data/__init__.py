"""Static data for the demo: its logins, its size, and the few texts members write.

Plain values; no database and no Flask. The tables live beside this module:
``workspaces`` (the ten workspaces and their desks), ``people`` (names, hence e-mail
addresses) and ``holidays`` (public holidays per country). All e-mail addresses live under
``DEMO_DOMAIN``.
"""

from __future__ import annotations

DEMO_DOMAIN = "demo.example.org"
DEMO_PASSWORD = "demo-password-2027"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
ADMIN_NAME = "Demo Admin"
MEMBER_EMAIL = f"member@{DEMO_DOMAIN}"
MEMBER_NAME = "Mara Peeters"
MEMBER_HOME = "brussels-dansaert"  # the printed member login's home workspace
MANAGER_SHOWN = "brussels-dansaert"  # whose manager is printed as the manager login
LOGIN_LANGUAGE = "en"  # the printed member and manager logins see English (the README's language)

SEED = 20270101  # fixed: the same day gives the same data
MEMBER_COUNT = 200
PAST_DAYS = 61  # bookings from today - PAST_DAYS ...
FUTURE_DAYS = 30  # ... to today + FUTURE_DAYS, in each workspace's local dates

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS = (MON, TUE, WED, THU, FRI)

# What members write on a booking, and why they cancel one (None: no reason given).
NOTES = (
    "Client call at 11",
    "Need a second screen",
    "Workshop prep",
    "Deadline day, quiet please",
    "Bringing a guest for lunch",
    "Editing session",
    "Interview recording",
    "Board meeting of the coop",
    "Portfolio review",
    "Invoice day",
)
CANCEL_REASONS = (
    "Plans changed",
    "Sick",
    "Working from home",
    "Client meeting moved",
    "Train strike",
    "Child care",
    None,
)
