"""The demo's budget: each workspace's plan for this year (and last year, where the months
below reach into it), actual costs for the three months before this one, and the two older
of those months closed, so the budget pages, the cooperative view and the assembly pack show
real figures. The newest past month stays open, for trying the close step.

Everything goes through ``coworking.budget.plan``, ``costs`` and ``close`` as the admin would
do it, so plans, costs and closes are audited and validated like real ones. Amounts follow
each workspace's desk-day price (and so its currency): a desk costs about twelve desk-days'
fees a month."""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

from coworking.accounts.models import User
from coworking.budget import close as budget_close
from coworking.budget import costs, rules
from coworking.budget import plan as budget_plan

COSTED_MONTHS = 3  # past months with actual costs ...
OPEN_MONTHS = 1  # ... of which the newest stays open
TARGET = Decimal("0.6000")
WORKING_DAYS = 220


def past_months(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` months before today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count, index)]


def _plan(desks: int, price: Decimal) -> dict:
    monthly_per_desk = price * 12
    yearly = monthly_per_desk * 12 * desks
    return {
        "costs": {
            "rent": str((yearly * Decimal("0.55")).quantize(Decimal("1"))),
            "service_charges": str((yearly * Decimal("0.15")).quantize(Decimal("1"))),
            "staff": str((yearly * Decimal("0.20")).quantize(Decimal("1"))),
            "equipment": str((yearly * Decimal("0.06")).quantize(Decimal("1"))),
            "other": str((yearly * Decimal("0.04")).quantize(Decimal("1"))),
        },
        "income": {
            "desk_fees": str((price * desks * WORKING_DAYS * TARGET).quantize(Decimal("1"))),
            "partner_contributions": "0",
            "subsidies": str((yearly * Decimal("0.1")).quantize(Decimal("1"))),
        },
        "planned_desks": desks,
        "desk_day_price": str(price),
        "target_occupancy": TARGET,
        "approved": False,
        "approved_on": None,
        "reason": "",
    }


def seed_budget(rng: random.Random, admin: User, sites: list, now: datetime) -> int:
    """Plans, costs and closes for every demo site (flush only). Returns the months closed."""
    today = min(site.today for site in sites)
    months = past_months(today, COSTED_MONTHS)
    years = sorted({today.year, *(year for year, _ in months)})
    for site in sites:
        spec = site.spec
        plan = _plan(spec.desks.hot + spec.desks.fixed, spec.price)
        for year in years:
            budget_plan.save_plan(admin, spec.slug, year, plan, now)
        for year, month in months:
            amounts = {
                category: str(rules.money(Decimal(yearly) / 12 * Decimal(rng.randint(90, 110)) / 100))
                for category, yearly in plan["costs"].items()
            }
            costs.set_costs(admin, spec.slug, rules.month_key(year, month), amounts, now)
    closed = months[: len(months) - OPEN_MONTHS]
    for year, month in closed:
        budget_close.close_month(admin, rules.month_key(year, month), now)
    return len(closed)
