"""Static tables for the demo data: workspaces, names, public holidays, booking flavour text.

Plain data and a few date helpers; no database and no Flask. ``coworking.demo.cli`` turns
these into rows. All e-mail addresses live under ``DEMO_DOMAIN``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

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


@dataclass(frozen=True)
class DeskPlan:
    hot: int
    fixed: int
    meeting: tuple[tuple[str, int], ...]  # (room name, capacity)
    phone: int
    zones: tuple[str, ...]


@dataclass(frozen=True)
class WorkspaceSpec:
    slug: str
    name: str
    city: str
    country: str
    address: str
    timezone: str
    currency: str
    language: str
    price: Decimal
    opened: date
    hours: tuple[tuple[tuple[int, ...], str, str], ...]  # (weekdays, "HH:MM", "HH:MM")
    policy: dict
    desks: DeskPlan
    manager: tuple[str, str]  # (email local part, name)
    annual_closure: bool = False  # closed from 24 December to 1 January
    works: tuple[tuple[int, int, str], ...] = field(default=())  # (days from today, length, reason)


WORKSPACES: tuple[WorkspaceSpec, ...] = (
    WorkspaceSpec(
        slug="lisbon-intendente",
        name="Intendente",
        city="Lisbon",
        country="PT",
        address="Largo do Intendente 19, 1100-285 Lisboa",
        timezone="Europe/Lisbon",
        currency="EUR",
        language="en",
        price=Decimal("16.00"),
        opened=date(2021, 3, 1),
        hours=((WEEKDAYS, "09:00", "19:00"), ((SAT,), "10:00", "14:00")),
        policy={
            "slot_minutes": 30,
            "min_notice_minutes": 0,
            "max_advance_days": 60,
            "max_length_minutes": 600,
            "max_active_bookings": 15,
            "cancel_cutoff_minutes": 60,
        },
        desks=DeskPlan(
            hot=14, fixed=3, meeting=(("Tejo", 8), ("Alfama", 4)), phone=2, zones=("Open space", "Patio side")
        ),
        manager=("manager.lisbon", "Inês Carvalho"),
    ),
    WorkspaceSpec(
        slug="london-hackney",
        name="Hackney Wick",
        city="London",
        country="GB",
        address="12 Wallis Road, London E9 5LH",
        timezone="Europe/London",
        currency="GBP",
        language="en",
        price=Decimal("32.00"),
        opened=date(2020, 9, 14),
        hours=((WEEKDAYS, "08:00", "20:00"), ((SAT,), "10:00", "16:00")),
        policy={
            "slot_minutes": 30,
            "min_notice_minutes": 30,
            "max_advance_days": 45,
            "max_length_minutes": 600,
            "max_active_bookings": 12,
            "cancel_cutoff_minutes": 120,
        },
        desks=DeskPlan(
            hot=26,
            fixed=6,
            meeting=(("Lea", 10), ("Marshes", 6), ("Canal", 4)),
            phone=5,
            zones=("Ground floor", "Mezzanine", "Canal side"),
        ),
        manager=("manager.london", "Priya Shah"),
        works=((-24, 2, "Heating replaced"),),
    ),
    WorkspaceSpec(
        slug="brussels-dansaert",
        name="Dansaert",
        city="Brussels",
        country="BE",
        address="Rue Antoine Dansaert 101, 1000 Bruxelles",
        timezone="Europe/Brussels",
        currency="EUR",
        language="fr",
        price=Decimal("24.00"),
        opened=date(2019, 5, 6),
        hours=((WEEKDAYS, "08:30", "18:30"),),
        policy={
            "slot_minutes": 30,
            "min_notice_minutes": 0,
            "max_advance_days": 60,
            "max_length_minutes": 600,
            "max_active_bookings": 15,
            "cancel_cutoff_minutes": 60,
        },
        desks=DeskPlan(
            hot=20, fixed=5, meeting=(("Senne", 8), ("Atelier", 4)), phone=3, zones=("Atelier", "Front room", "Loft")
        ),
        manager=("manager.brussels", "Julien Dubois"),
        annual_closure=True,
    ),
    WorkspaceSpec(
        slug="ghent-dok-noord",
        name="Dok Noord",
        city="Ghent",
        country="BE",
        address="Dok-Noord 4, 9000 Gent",
        timezone="Europe/Brussels",
        currency="EUR",
        language="nl",
        price=Decimal("19.00"),
        opened=date(2022, 1, 10),
        # Closed over lunch, and on Wednesday afternoons.
        hours=(
            ((MON, TUE, THU, FRI), "08:30", "12:30"),
            ((MON, TUE, THU, FRI), "13:30", "18:00"),
            ((WED,), "08:30", "12:30"),
        ),
        policy={
            "slot_minutes": 30,
            "min_notice_minutes": 60,
            "max_advance_days": 30,
            "max_length_minutes": 300,
            "max_active_bookings": 10,
            "cancel_cutoff_minutes": 240,
        },
        desks=DeskPlan(hot=6, fixed=0, meeting=(("Leie", 6),), phone=1, zones=("Dockside",)),
        manager=("manager.ghent", "Lotte Vermeulen"),
        annual_closure=True,
    ),
    WorkspaceSpec(
        slug="amsterdam-noord",
        name="NDSM Werf",
        city="Amsterdam",
        country="NL",
        address="NDSM-Plein 28, 1033 WB Amsterdam",
        timezone="Europe/Amsterdam",
        currency="EUR",
        language="nl",
        price=Decimal("27.50"),
        opened=date(2020, 2, 3),
        hours=(((MON, TUE, WED, FRI), "08:00", "18:00"), ((THU,), "08:00", "21:00")),
        policy={
            "slot_minutes": 30,
            "min_notice_minutes": 0,
            "max_advance_days": 60,
            "max_length_minutes": 540,
            "max_active_bookings": 12,
            "cancel_cutoff_minutes": 60,
        },
        desks=DeskPlan(hot=16, fixed=4, meeting=(("IJ", 10), ("Kraan", 4)), phone=2, zones=("Hal", "Werkplaats")),
        manager=("manager.amsterdam", "Sanne de Vries"),
        works=((12, 1, "Network upgrade"),),
    ),
    WorkspaceSpec(
        slug="berlin-wedding",
        name="Uferhallen",
        city="Berlin",
        country="DE",
        address="Uferstraße 8, 13357 Berlin",
        timezone="Europe/Berlin",
        currency="EUR",
        language="de",
        price=Decimal("23.00"),
        opened=date(2019, 10, 1),
        hours=((WEEKDAYS, "09:00", "20:00"), ((SAT,), "10:00", "16:00")),
        policy={
            "slot_minutes": 30,
            "min_notice_minutes": 0,
            "max_advance_days": 90,
            "max_length_minutes": 600,
            "max_active_bookings": 20,
            "cancel_cutoff_minutes": 30,
        },
        desks=DeskPlan(
            hot=22,
            fixed=6,
            meeting=(("Panke", 8), ("Spree", 12), ("Hof", 4)),
            phone=3,
            zones=("Halle A", "Halle B", "Galerie"),
        ),
        manager=("manager.berlin", "Jonas Becker"),
        works=((-19, 2, "Floor sanding in Halle A"),),
    ),
    WorkspaceSpec(
        slug="lyon-croix-rousse",
        name="Croix-Rousse",
        city="Lyon",
        country="FR",
        address="12 rue d'Austerlitz, 69004 Lyon",
        timezone="Europe/Paris",
        currency="EUR",
        language="fr",
        price=Decimal("18.00"),
        opened=date(2021, 9, 1),
        hours=((WEEKDAYS, "08:30", "18:30"), ((SAT,), "09:00", "12:30")),
        policy={
            "slot_minutes": 30,
            "min_notice_minutes": 0,
            "max_advance_days": 45,
            "max_length_minutes": 600,
            "max_active_bookings": 10,
            "cancel_cutoff_minutes": 60,
        },
        desks=DeskPlan(hot=11, fixed=2, meeting=(("Canuts", 6),), phone=2, zones=("Atelier", "Verrière")),
        manager=("manager.lyon", "Camille Moreau"),
        annual_closure=True,
    ),
    WorkspaceSpec(
        slug="zurich-kreis-5",
        name="Kreis 5",
        city="Zürich",
        country="CH",
        address="Heinrichstrasse 177, 8005 Zürich",
        timezone="Europe/Zurich",
        currency="CHF",
        language="de",
        price=Decimal("45.00"),
        opened=date(2022, 4, 4),
        hours=((WEEKDAYS, "07:30", "19:00"),),
        policy={
            "slot_minutes": 15,
            "min_notice_minutes": 15,
            "max_advance_days": 60,
            "max_length_minutes": 600,
            "max_active_bookings": 12,
            "cancel_cutoff_minutes": 120,
        },
        desks=DeskPlan(hot=10, fixed=2, meeting=(("Limmat", 6),), phone=2, zones=("Viadukt", "Hof")),
        manager=("manager.zurich", "Lea Brunner"),
    ),
    WorkspaceSpec(
        slug="copenhagen-norrebro",
        name="Nørrebro",
        city="Copenhagen",
        country="DK",
        address="Guldbergsgade 29, 2200 København N",
        timezone="Europe/Copenhagen",
        currency="DKK",
        language="en",
        price=Decimal("210.00"),
        opened=date(2023, 2, 1),
        hours=(((MON, TUE, WED, THU), "08:00", "17:00"), ((FRI,), "08:00", "15:00")),
        policy={
            "slot_minutes": 60,
            "min_notice_minutes": 0,
            "max_advance_days": 30,
            "max_length_minutes": 480,
            "max_active_bookings": 10,
            "cancel_cutoff_minutes": 60,
        },
        desks=DeskPlan(hot=9, fixed=2, meeting=(("Søerne", 6),), phone=1, zones=("Stueetage", "1. sal")),
        manager=("manager.copenhagen", "Mette Nielsen"),
        annual_closure=True,
    ),
    WorkspaceSpec(
        slug="helsinki-kallio",
        name="Kallio",
        city="Helsinki",
        country="FI",
        address="Fleminginkatu 7, 00530 Helsinki",
        timezone="Europe/Helsinki",
        currency="EUR",
        language="en",
        price=Decimal("21.00"),
        opened=date(2022, 8, 15),
        hours=((WEEKDAYS, "08:00", "18:00"), ((SAT,), "10:00", "15:00")),
        policy={
            "slot_minutes": 30,
            "min_notice_minutes": 0,
            "max_advance_days": 60,
            "max_length_minutes": 600,
            "max_active_bookings": 15,
            "cancel_cutoff_minutes": 60,
        },
        desks=DeskPlan(hot=12, fixed=2, meeting=(("Sauna room", 6),), phone=2, zones=("Katutaso", "Parvi")),
        manager=("manager.helsinki", "Aino Virtanen"),
    ),
)

# Desks whose service dates differ from the workspace's: (slug, desk code, days from today for
# in_service_from or None, days from today for in_service_until or None, note).
DESK_CHANGES: tuple[tuple[str, str, int | None, int | None, str], ...] = (
    ("berlin-wedding", "H22", None, -15, "Retired: wobbly trestle, waiting for a replacement."),
    ("london-hackney", "PB5", 10, None, "New phone booth, delivered next week."),
    ("amsterdam-noord", "H16", -20, None, "Added when the Werkplaats was refitted."),
    ("lisbon-intendente", "H14", None, -40, "Moved to the patio storage room."),
    ("helsinki-kallio", "F02", -35, None, "Fixed desk since the autumn."),
)

AMENITIES = {
    "hot_desk": ("monitor", "docking_station", "standing_desk", "window", "ergonomic_chair", "locker"),
    "fixed_desk": ("monitor", "docking_station", "locker", "standing_desk", "drawer_unit"),
    "meeting_room": ("screen", "whiteboard", "videoconference", "flipchart"),
    "phone_booth": ("soundproof", "power", "ventilation"),
}

# --- people ------------------------------------------------------------------------------

FIRST_NAMES = {
    "PT": (
        "Ana",
        "Beatriz",
        "Carolina",
        "Diogo",
        "Francisca",
        "Gonçalo",
        "Inês",
        "João",
        "Mariana",
        "Miguel",
        "Rita",
        "Rui",
        "Sofia",
        "Tiago",
        "Tomás",
        "Leonor",
    ),
    "GB": (
        "Amelia",
        "Ben",
        "Chloe",
        "Daniel",
        "Ella",
        "George",
        "Hannah",
        "Isaac",
        "Jack",
        "Lucy",
        "Olivia",
        "Oscar",
        "Ruby",
        "Samuel",
        "Tom",
        "Zara",
    ),
    "BE": (
        "Amélie",
        "Bram",
        "Chloé",
        "Elise",
        "Emma",
        "Hugo",
        "Jonas",
        "Lars",
        "Lien",
        "Louis",
        "Marie",
        "Nathan",
        "Noor",
        "Simon",
        "Wout",
        "Zoë",
    ),
    "NL": (
        "Anouk",
        "Bas",
        "Daan",
        "Eva",
        "Fleur",
        "Jesse",
        "Julia",
        "Lisa",
        "Luuk",
        "Max",
        "Niels",
        "Roos",
        "Sem",
        "Sophie",
        "Thijs",
        "Tess",
    ),
    "DE": (
        "Anna",
        "Ben",
        "Clara",
        "Felix",
        "Hannah",
        "Jan",
        "Johanna",
        "Leon",
        "Lukas",
        "Marie",
        "Mia",
        "Niklas",
        "Paul",
        "Sophie",
        "Theresa",
        "Tim",
    ),
    "FR": (
        "Adèle",
        "Antoine",
        "Camille",
        "Chloé",
        "Clément",
        "Élodie",
        "Hugo",
        "Inès",
        "Julie",
        "Léa",
        "Lucas",
        "Manon",
        "Mathis",
        "Nicolas",
        "Pauline",
        "Théo",
    ),
    "CH": (
        "Andrea",
        "Fabian",
        "Gian",
        "Laura",
        "Lara",
        "Luca",
        "Mattia",
        "Nina",
        "Noah",
        "Reto",
        "Seraina",
        "Simone",
        "Urs",
        "Yannick",
    ),
    "DK": (
        "Anders",
        "Astrid",
        "Emil",
        "Freja",
        "Frederik",
        "Ida",
        "Karen",
        "Lasse",
        "Mads",
        "Maja",
        "Rasmus",
        "Signe",
        "Søren",
        "Sofie",
    ),
    "FI": (
        "Aino",
        "Eetu",
        "Eveliina",
        "Ilkka",
        "Juho",
        "Kaisa",
        "Lauri",
        "Liisa",
        "Matti",
        "Noora",
        "Oona",
        "Otto",
        "Sanna",
        "Ville",
    ),
}
LAST_NAMES = {
    "PT": (
        "Almeida",
        "Carvalho",
        "Costa",
        "Ferreira",
        "Gomes",
        "Lopes",
        "Martins",
        "Oliveira",
        "Pereira",
        "Ribeiro",
        "Rodrigues",
        "Santos",
        "Silva",
        "Sousa",
    ),
    "GB": (
        "Ahmed",
        "Baker",
        "Clarke",
        "Evans",
        "Green",
        "Hughes",
        "Jones",
        "Khan",
        "Patel",
        "Roberts",
        "Smith",
        "Taylor",
        "Walker",
        "Wright",
    ),
    "BE": (
        "Claes",
        "Dubois",
        "Dupont",
        "Goossens",
        "Jacobs",
        "Janssens",
        "Lambert",
        "Maes",
        "Martin",
        "Mertens",
        "Peeters",
        "Willems",
        "Wouters",
        "Lemaire",
    ),
    "NL": (
        "Bakker",
        "Bos",
        "de Boer",
        "de Jong",
        "de Vries",
        "Dekker",
        "Jansen",
        "Meijer",
        "Mulder",
        "Smit",
        "van Dijk",
        "van den Berg",
        "Visser",
        "Vos",
    ),
    "DE": (
        "Becker",
        "Fischer",
        "Hoffmann",
        "Koch",
        "Krüger",
        "Meyer",
        "Müller",
        "Richter",
        "Schäfer",
        "Schmidt",
        "Schneider",
        "Schulz",
        "Wagner",
        "Weber",
    ),
    "FR": (
        "Bernard",
        "Bonnet",
        "Dubois",
        "Durand",
        "Fournier",
        "Garnier",
        "Girard",
        "Laurent",
        "Lefèvre",
        "Leroy",
        "Martin",
        "Moreau",
        "Petit",
        "Roux",
    ),
    "CH": (
        "Baumann",
        "Brunner",
        "Frei",
        "Gerber",
        "Keller",
        "Meier",
        "Moser",
        "Müller",
        "Schmid",
        "Steiner",
        "Weber",
        "Widmer",
    ),
    "DK": (
        "Andersen",
        "Christensen",
        "Hansen",
        "Jensen",
        "Jørgensen",
        "Larsen",
        "Madsen",
        "Nielsen",
        "Pedersen",
        "Rasmussen",
        "Sørensen",
        "Thomsen",
    ),
    "FI": (
        "Heikkinen",
        "Hämäläinen",
        "Korhonen",
        "Koskinen",
        "Laine",
        "Lehtonen",
        "Mäkinen",
        "Nieminen",
        "Järvinen",
        "Virtanen",
    ),
}

_ASCII = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ß": "ss", "ł": "l", "đ": "d", "œ": "oe"})


def email_local_part(first: str, last: str) -> str:
    """``Søren Jørgensen`` → ``soren.jorgensen``: ASCII, lower case, dots between words."""
    text = f"{first} {last}".lower().translate(_ASCII)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ".".join(part for part in text.replace("-", " ").replace("'", "").split())


# --- bookings ----------------------------------------------------------------------------

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
MANAGER_CANCEL_REASON = "Workspace closed: {reason}"

# --- public holidays ---------------------------------------------------------------------


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` of the month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


# Fixed-date holidays per country: (month, day, name).
_FIXED = {
    "PT": (
        (1, 1, "New Year's Day"),
        (4, 25, "Freedom Day"),
        (5, 1, "Labour Day"),
        (6, 10, "Portugal Day"),
        (6, 13, "Saint Anthony (Lisbon)"),
        (8, 15, "Assumption"),
        (10, 5, "Republic Day"),
        (11, 1, "All Saints' Day"),
        (12, 1, "Restoration of Independence"),
        (12, 8, "Immaculate Conception"),
        (12, 25, "Christmas Day"),
    ),
    "GB": ((1, 1, "New Year's Day"), (12, 25, "Christmas Day"), (12, 26, "Boxing Day")),
    "BE": (
        (1, 1, "New Year's Day"),
        (5, 1, "Labour Day"),
        (7, 21, "National Day"),
        (8, 15, "Assumption"),
        (11, 1, "All Saints' Day"),
        (11, 11, "Armistice Day"),
        (12, 25, "Christmas Day"),
    ),
    "NL": ((1, 1, "New Year's Day"), (12, 25, "Christmas Day"), (12, 26, "Second Christmas Day")),
    "DE": (
        (1, 1, "New Year's Day"),
        (3, 8, "International Women's Day (Berlin)"),
        (5, 1, "Labour Day"),
        (10, 3, "German Unity Day"),
        (12, 25, "Christmas Day"),
        (12, 26, "Second Christmas Day"),
    ),
    "FR": (
        (1, 1, "New Year's Day"),
        (5, 1, "Labour Day"),
        (5, 8, "Victory in Europe Day"),
        (7, 14, "Bastille Day"),
        (8, 15, "Assumption"),
        (11, 1, "All Saints' Day"),
        (11, 11, "Armistice Day"),
        (12, 25, "Christmas Day"),
    ),
    "CH": (
        (1, 1, "New Year's Day"),
        (1, 2, "Berchtold's Day"),
        (5, 1, "Labour Day (Zürich)"),
        (8, 1, "Swiss National Day"),
        (12, 25, "Christmas Day"),
        (12, 26, "St Stephen's Day"),
    ),
    "DK": (
        (1, 1, "New Year's Day"),
        (6, 5, "Constitution Day"),
        (12, 24, "Christmas Eve"),
        (12, 25, "Christmas Day"),
        (12, 26, "Second Christmas Day"),
    ),
    "FI": (
        (1, 1, "New Year's Day"),
        (1, 6, "Epiphany"),
        (5, 1, "May Day"),
        (12, 6, "Independence Day"),
        (12, 24, "Christmas Eve"),
        (12, 25, "Christmas Day"),
        (12, 26, "St Stephen's Day"),
    ),
}

# Days relative to Easter Sunday: (offset, name).
_EASTER = {
    "PT": ((-2, "Good Friday"), (60, "Corpus Christi")),
    "GB": ((-2, "Good Friday"), (1, "Easter Monday")),
    "BE": ((1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "NL": ((1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "DE": ((-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "FR": ((1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "CH": ((-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "DK": (
        (-3, "Maundy Thursday"),
        (-2, "Good Friday"),
        (1, "Easter Monday"),
        (39, "Ascension Day"),
        (50, "Whit Monday"),
    ),
    "FI": ((-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day")),
}


def public_holidays(country: str, year: int) -> dict[date, str]:
    """The country's public holidays in ``year`` (the workspace's region where it matters)."""
    days = {date(year, m, d): name for m, d, name in _FIXED[country]}
    easter = easter_sunday(year)
    for offset, name in _EASTER[country]:
        days[easter + timedelta(days=offset)] = name
    if country == "NL":
        kings_day = date(year, 4, 27)
        days[kings_day - timedelta(days=1) if kings_day.weekday() == SUN else kings_day] = "King's Day"
    if country == "FI":
        # Midsummer Eve: the Friday between 19 and 25 June.
        days[date(year, 6, 19) + timedelta(days=(FRI - date(year, 6, 19).weekday()) % 7)] = "Midsummer Eve"
    if country == "GB":
        days[_nth_weekday(year, 5, MON, 1)] = "Early May bank holiday"
        days[_nth_weekday(year, 5, MON, -1)] = "Spring bank holiday"
        days[_nth_weekday(year, 8, MON, -1)] = "Summer bank holiday"
        # A fixed holiday on a weekend moves to the next free weekday (a "substitute day").
        for m, d, name in _FIXED["GB"]:
            day = date(year, m, d)
            if day.weekday() >= SAT:
                substitute = day
                while substitute.weekday() >= SAT or substitute in days:
                    substitute += timedelta(days=1)
                days[substitute] = f"{name} (substitute day)"
    return days
