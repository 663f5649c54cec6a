"""Budget test helpers shared by several test modules (DESIGN: shared helpers live here)."""

from __future__ import annotations

ZERO = "0.00"


def plan_body(rent: str, fees: str, price: str, *, partners: str = ZERO, subsidies: str = ZERO, desks: int = 1) -> dict:
    """A budget plan as PUT /api/v1/workspaces/<slug>/budget/<year> takes it: rent as the only
    cost, desk fees (and optionally partner contributions and subsidies) as income."""
    return {
        "costs": {"rent": rent, "service_charges": ZERO, "staff": ZERO, "equipment": ZERO, "other": ZERO},
        "income": {"desk_fees": fees, "partner_contributions": partners, "subsidies": subsidies},
        "target_occupancy": "0.5",
        "planned_desks": desks,
        "desk_day_price": price,
        "approved": False,
    }
