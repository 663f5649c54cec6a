"""JSON API of budget lines (docs/budget.md): read a line (its managers, admins) or every line
of a year (admins), change a plan, close and reopen months (admins). Money is a string with
two decimals; hours and shares are numbers rounded as in docs/figures.md."""

from __future__ import annotations

from fractions import Fraction

from flask import g

from coworking.apibase import ApiBlueprint
from coworking.budget import close as budget_close
from coworking.budget import lines, rules, schemas
from coworking.budget import plan as budget_plan
from coworking.budget import totals as budget_totals
from coworking.budget.rules import money_text
from coworking.db import utcnow
from coworking.rounding import hours, ratio
from coworking.web.auth import token_required

blp = ApiBlueprint("api_budget", __name__, url_prefix="/api/v1", description="Budget lines fed by occupancy")


def _num(value: Fraction | None, places: int = 2) -> float | None:
    return None if value is None else ratio(value, places)


def month_json(view: lines.LineView, month: rules.Month) -> dict:
    i = month.month - 1
    return {
        "month": month.key,
        "closed": month.closed,
        "finished": month.finished,
        "capacity_hours": hours(month.capacity_seconds),
        "booked_hours": hours(month.booked_seconds),
        "occupancy": ratio(month.occupancy),
        "desk_days": _num(month.desk_days),
        "income": money_text(month.income),
        "cost": money_text(month.cost),
        "cost_per_desk_day": money_text(month.cost_per_desk_day),
        "plan_cost": money_text(view.monthly_plan_costs[i]),
        "plan_costs": {c: money_text(months[i]) for c, months in view.plan.monthly_costs.items()},
        "plan_desk_fees": money_text(view.monthly_plan_desk_fees[i]),
        "desk_day_price": money_text(month.desk_day_price),
        "members": month.members if month.closed else None,
        "visiting_members": month.visiting_members if month.closed else None,
        "cancellations": month.cancellations if month.closed else None,
        "no_shows": month.no_shows,
        "no_show_rate": ratio(month.no_show_rate),
    }


def line_json(view: lines.LineView) -> dict:
    plan, actual, projection = view.plan, view.actual, view.projection
    var = view.variance
    needed = view.desks_needed
    line = view.line
    return {
        "workspace": view.workspace.slug,
        "name": view.workspace.name,
        "year": view.year,
        "currency": view.currency,
        "planned": line is not None,
        "plan": {
            "costs": {c: money_text(v) for c, v in plan.costs.items()},
            "income": {c: money_text(v) for c, v in plan.income.items()},
            "total_costs": money_text(plan.total_costs),
            "total_income": money_text(plan.total_income),
            "target_occupancy": float(plan.target_occupancy),
            "planned_desks": plan.planned_desks,
            "desk_day_price": money_text(plan.desk_day_price),
            "desk_days": _num(plan.desk_days),
            "cost_per_desk_day": money_text(plan.cost_per_desk_day),
            "other_income": money_text(budget_totals.other_income(plan)),
            "approved": bool(line and line.approved),
            "approved_on": line.approved_on.isoformat() if line and line.approved_on else None,
        },
        "actual": {
            "months_closed": actual.months,
            "costs": {c: money_text(v) for c, v in actual.costs.items()},
            "total_costs": money_text(actual.cost),
            "income": money_text(actual.income),
            "capacity_hours": hours(actual.capacity_seconds),
            "booked_hours": hours(actual.booked_seconds),
            "occupancy": ratio(actual.occupancy),
            "occupancy_basis": "booked",
            "no_show_rate": ratio(view.no_show_rate),
            "desk_days": _num(actual.desk_days),
            "cost_per_desk_day": money_text(actual.cost_per_desk_day),
            "desk_fees": money_text(actual.income),
            "other_income": None,
            "other_income_recorded": False,
        },
        "variance": {
            "no_plan": var.no_plan,
            "costs": money_text(var.costs),
            "desk_fees": money_text(var.desk_fees),
            "occupancy": None if var.occupancy is None else ratio(var.occupancy),
            "cost_per_desk_day": money_text(var.cost_per_desk_day),
            "other_income": None,
        },
        "months": [month_json(view, m) for m in view.months],
        "projection": {
            "method": projection.method,
            "basis": list(projection.basis),
            "remaining_months": projection.remaining_months,
            "open_months": list(projection.open_months),
            "desk_days": _num(projection.desk_days),
            "income": money_text(projection.income),
            "costs": money_text(projection.costs),
            "cost_per_desk_day": money_text(projection.cost_per_desk_day),
            "variance_costs": money_text(var.projected_costs),
            "variance_desk_fees": money_text(var.projected_desk_fees),
        },
        "desks_needed": None
        if needed is None
        else {"desks": needed[0], "exact": _num(needed[1]), "basis": list(projection.basis)},
    }


def totals_json(totals: budget_totals.CurrencyTotals) -> dict:
    return {
        "lines": totals.lines,
        "lines_with_costs": totals.lines_with_costs,
        "desk_days_with_costs": _num(totals.desk_days_with_costs),
        "plan_desk_fees": money_text(totals.plan_desk_fees),
        "plan_other_income": money_text(totals.plan_other_income),
        "actual_desk_fees": money_text(totals.actual.income),
        "actual_other_income": None,
        "other_income_recorded": False,
        "currency": totals.currency,
        "plan_costs": money_text(totals.plan_costs),
        "plan_income": money_text(totals.plan_income),
        "actual_costs": money_text(totals.actual.cost),
        "actual_income": money_text(totals.actual.income),
        "desk_days": _num(totals.actual.desk_days),
        "cost_per_desk_day": money_text(totals.cost_per_desk_day),
        "projected_costs": money_text(totals.projected_costs),
        "projected_income": money_text(totals.projected_income),
    }


@blp.route("/budget/<int:year>", methods=["GET"])
@token_required
@blp.response(200, schemas.YearSchema)
@blp.alt_response(403, description="Not an admin")
def year_lines(year):
    """Every workspace's budget line for the year, with totals per currency (admins)."""
    view = lines.year_lines(g.user, year, utcnow())
    return {"year": year, "lines": [line_json(v) for v in view.lines], "totals": [totals_json(t) for t in view.totals]}


@blp.route("/workspaces/<slug>/budget/<int:year>", methods=["GET"])
@token_required
@blp.response(200, schemas.LineSchema)
@blp.alt_response(403, description="Not a manager of this workspace")
def line(slug, year):
    """One workspace's line: plan, actual (closed months), twelve months, projection."""
    return line_json(lines.budget_line(g.user, slug, year, utcnow()))


@blp.route("/workspaces/<slug>/budget/<int:year>", methods=["PUT"])
@token_required
@blp.arguments(schemas.PlanInSchema)
@blp.response(200, schemas.LineSchema)
@blp.alt_response(201, schema=schemas.LineSchema, description="The line was created")
@blp.alt_response(403, description="Not an admin")
@blp.alt_response(422, description="Bad amounts; a change to an approved line without a reason")
def put_plan(data, slug, year):
    """Set the plan (admins). Missing categories are 0; once approved, changes need a reason."""
    data = {k: v for k, v in data.items() if v is not None}
    _, created = budget_plan.save_plan(g.user, slug, year, data, utcnow())
    return line_json(lines.budget_line(g.user, slug, year, utcnow())), 201 if created else 200


@blp.route("/budget/close", methods=["POST"])
@token_required
@blp.arguments(schemas.CloseInSchema)
@blp.response(201, schemas.CloseSchema)
@blp.alt_response(403, description="Not an admin")
@blp.alt_response(409, description="month_closed: every workspace has closed this month already")
@blp.alt_response(422, description="month_not_finished: the month is not over in some workspace's local time")
def close(data):
    """Close a finished month for every workspace, freezing its figures (admins)."""
    closes = budget_close.close_month(g.user, data["month"], utcnow())
    return {"month": data["month"], "closed": [close_json(c) for c in closes]}


def close_json(close) -> dict:
    month = lines.frozen_month(close, {})
    return {
        "workspace": close.workspace.slug,
        "month": month.key,
        "closed": True,
        "capacity_hours": hours(month.capacity_seconds),
        "booked_hours": hours(month.booked_seconds),
        "occupancy": ratio(month.occupancy),
        "desk_days": _num(month.desk_days),
        "income": money_text(month.income),
        "desk_day_price": money_text(month.desk_day_price),
        "members": month.members,
        "visiting_members": month.visiting_members,
        "cancellations": month.cancellations,
    }


@blp.route("/budget/reopen", methods=["POST"])
@token_required
@blp.arguments(schemas.ReopenInSchema)
@blp.response(200, schemas.CloseSchema)
@blp.alt_response(403, description="Not an admin")
@blp.alt_response(409, description="The month is not closed for that workspace")
@blp.alt_response(422, description="No reason given")
def reopen(data):
    """Reopen one workspace's closed month (admins, with a reason; recorded)."""
    budget_close.reopen_month(g.user, data["workspace"], data["month"], data["reason"], utcnow())
    return {"month": data["month"], "closed": []}
