"""The demo's ten workspaces: address, zone, currency, hours, booking policy, desks, works.

Plain data; ``coworking.demo.sites`` creates them through the workspace services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coworking.demo.data import DEMO_DOMAIN, FRI, MON, SAT, THU, TUE, WED, WEEKDAYS


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

    @property
    def manager_email(self) -> str:
        return f"{self.manager[0]}@{DEMO_DOMAIN}"


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
