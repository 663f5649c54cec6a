"""Marshmallow schemas for the budget API. Money travels as strings with exactly two decimals
("1234.50"), never as JSON numbers (floats), in both directions; shares (occupancy) and hours
are numbers rounded as in docs/figures.md."""

from __future__ import annotations

from datetime import date

from marshmallow import Schema, fields, validate

from coworking.budget.rules import COST_CATEGORIES, INCOME_CATEGORIES

MONEY = 'Money in the line\'s currency: a decimal string with exactly 2 decimals, e.g. "1234.50" (never a float)'
MONEY_IN = 'Money: a decimal string with at most 2 decimals, e.g. "1234.50" (a JSON number is refused)'
MONTH = r"^\d{4}-\d{2}$"


def money(description: str = MONEY, **kw) -> fields.String:
    metadata = {"description": description, "example": "1234.50", "pattern": r"^-?\d+\.\d{2}$"}
    return fields.String(metadata=metadata, **kw)


def money_in(**kw) -> fields.String:
    return fields.String(metadata={"description": MONEY_IN, "example": "1234.50"}, **kw)


def not_recorded() -> fields.Raw:
    return fields.Raw(allow_none=True, metadata={"description": "Always null: actual other income is not recorded"})


CostsSchema = Schema.from_dict({c: money() for c in COST_CATEGORIES}, name="BudgetCosts")
IncomeSchema = Schema.from_dict({c: money() for c in INCOME_CATEGORIES}, name="BudgetIncome")
CostsInSchema = Schema.from_dict({c: money_in(required=True) for c in COST_CATEGORIES}, name="BudgetCostsIn")
IncomeInSchema = Schema.from_dict({c: money_in(required=True) for c in INCOME_CATEGORIES}, name="BudgetIncomeIn")


class PlanSchema(Schema):
    costs = fields.Nested(CostsSchema)
    income = fields.Nested(IncomeSchema)
    total_costs = money()
    total_income = money()
    target_occupancy = fields.Float(metadata={"description": "Target occupancy, 0–1"})
    planned_desks = fields.Integer()
    desk_day_price = money()
    desk_days = fields.Float(allow_none=True, metadata={"description": "Planned desk fees ÷ desk-day price"})
    cost_per_desk_day = money(allow_none=True)
    other_income = money(MONEY + "; partner contributions + subsidies (income that is not desk fees)")
    approved = fields.Boolean()
    approved_on = fields.String(allow_none=True, metadata={"description": "Date of the assembly's vote, YYYY-MM-DD"})


class ActualSchema(Schema):
    months_closed = fields.Integer(metadata={"description": "Year to date = the closed months"})
    costs = fields.Nested(CostsSchema)
    total_costs = money()
    income = money(MONEY + "; desk-days × the desk-day price at each close")
    capacity_hours = fields.Float()
    booked_hours = fields.Float()
    occupancy = fields.Float(metadata={"description": "Booked occupancy (booked ÷ capacity), year to date"})
    occupancy_basis = fields.String(
        metadata={"enum": ["booked"], "description": "Which occupancy the line uses: booked (docs/figures.md)"}
    )
    no_show_rate = fields.Float(
        allow_none=True,
        metadata={
            "description": "No-shows ÷ settled check-ins of the closed months; null when none settled or a month "
            "was closed before check-in was recorded"
        },
    )
    desk_days = fields.Float()
    cost_per_desk_day = money(allow_none=True)
    desk_fees = money(MONEY + "; the same as income: actual income is desk fees only")
    other_income = not_recorded()
    other_income_recorded = fields.Boolean(metadata={"description": "False: only desk fees are recorded as income"})


class VarianceSchema(Schema):
    no_plan = fields.Boolean(metadata={"description": "True: the line has no plan, so every variance is null"})
    costs = money(MONEY + "; actual − plan for the closed months (negative: under plan)", allow_none=True)
    desk_fees = money(allow_none=True)
    occupancy = fields.Float(allow_none=True, metadata={"description": "Year-to-date occupancy − target"})
    cost_per_desk_day = money(allow_none=True)
    other_income = not_recorded()


class ProjectionSchema(Schema):
    method = fields.String()
    basis = fields.List(fields.String(), metadata={"description": "The months of the recent trend (YYYY-MM)"})
    remaining_months = fields.Integer(metadata={"description": "Months still to come (not over), at the trend"})
    open_months = fields.List(
        fields.String(), metadata={"description": "Months over but not closed (YYYY-MM), counted at live figures"}
    )
    desk_days = fields.Float(allow_none=True)
    income = money(allow_none=True)
    costs = money(allow_none=True)
    cost_per_desk_day = money(allow_none=True)
    variance_costs = money(allow_none=True)
    variance_desk_fees = money(allow_none=True)


class DesksNeededSchema(Schema):
    desks = fields.Integer()
    exact = fields.Float()
    basis = fields.List(fields.String())


class MonthSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM"})
    closed = fields.Boolean(metadata={"description": "Closed: frozen figures; open: computed now"})
    finished = fields.Boolean(metadata={"description": "Over in the workspace's local time"})
    capacity_hours = fields.Float()
    booked_hours = fields.Float()
    occupancy = fields.Float()
    desk_days = fields.Float()
    income = money()
    cost = money()
    cost_per_desk_day = money(allow_none=True)
    plan_cost = money()
    plan_costs = fields.Nested(CostsSchema, metadata={"description": "The month's share of each cost category"})
    plan_desk_fees = money()
    desk_day_price = money()
    members = fields.Integer(allow_none=True, metadata={"description": "Closed months only"})
    visiting_members = fields.Integer(allow_none=True, metadata={"description": "Closed months only"})
    cancellations = fields.Integer(allow_none=True, metadata={"description": "Closed months only"})
    no_shows = fields.Integer(
        allow_none=True, metadata={"description": "Closed months only; null before check-in was recorded"}
    )
    no_show_rate = fields.Float(allow_none=True, metadata={"description": "Closed months only"})


class LineSchema(Schema):
    workspace = fields.String(metadata={"description": "Workspace slug"})
    name = fields.String()
    year = fields.Integer()
    currency = fields.String(metadata={"description": "ISO 4217, the workspace's"})
    planned = fields.Boolean(metadata={"description": "False when no plan was entered yet (plan amounts 0)"})
    plan = fields.Nested(PlanSchema)
    actual = fields.Nested(ActualSchema)
    variance = fields.Nested(VarianceSchema)
    months = fields.List(fields.Nested(MonthSchema))
    projection = fields.Nested(ProjectionSchema)
    desks_needed = fields.Nested(DesksNeededSchema, allow_none=True)


class TotalsSchema(Schema):
    currency = fields.String()
    lines = fields.Integer(metadata={"description": "Lines of this currency"})
    lines_with_costs = fields.Integer(
        metadata={"description": "Lines with costs entered in their closed months: cost_per_desk_day covers these only"}
    )
    desk_days_with_costs = fields.Float(metadata={"description": "Desk-days of the lines with costs entered"})
    plan_desk_fees = money()
    plan_other_income = money(MONEY + "; partner contributions + subsidies")
    actual_desk_fees = money(MONEY + "; the same as actual_income: actual income is desk fees only")
    actual_other_income = fields.Raw(allow_none=True, metadata={"description": "Always null: not recorded"})
    other_income_recorded = fields.Boolean()
    plan_costs = money()
    plan_income = money()
    actual_costs = money()
    actual_income = money()
    desk_days = fields.Float()
    cost_per_desk_day = money(MONEY + "; costs ÷ desk-days of the lines with costs entered only", allow_none=True)
    projected_costs = money()
    projected_income = money()


class YearSchema(Schema):
    year = fields.Integer()
    lines = fields.List(fields.Nested(LineSchema))
    totals = fields.List(fields.Nested(TotalsSchema), metadata={"description": "Per currency"})


class PlanInSchema(Schema):
    """The whole plan (a PUT replaces it): every field is required, so a partial body cannot
    silently zero amounts or withdraw an approval."""

    costs = fields.Nested(CostsInSchema, required=True)
    income = fields.Nested(IncomeInSchema, required=True)
    target_occupancy = fields.String(
        required=True,
        validate=validate.Regexp(r"^(0(\.\d{1,4})?|1(\.0{1,4})?)$"),
        metadata={"description": 'A share from 0 to 1 as a string, at most 4 decimals ("0.75" = 75 %)'},
    )
    planned_desks = fields.Integer(strict=True, required=True, validate=validate.Range(0, 10_000))
    desk_day_price = money_in(load_default=None)
    approved = fields.Boolean(required=True)
    approved_on = fields.Date(
        load_default=None,
        validate=validate.Range(date(2000, 1, 1), date(2100, 12, 31)),
        metadata={"description": "The assembly's vote (default: today)"},
    )
    reason = fields.String(
        load_default="", validate=validate.Length(max=2000), metadata={"description": "Required once approved"}
    )


class CloseInSchema(Schema):
    month = fields.String(required=True, validate=validate.Regexp(MONTH), metadata={"example": "2027-03"})


class ReopenInSchema(CloseInSchema):
    workspace = fields.String(required=True, metadata={"description": "Workspace slug"})
    reason = fields.String(required=True, validate=validate.Length(max=2000))


class ClosedItemSchema(MonthSchema):
    workspace = fields.String()


class CloseSchema(Schema):
    month = fields.String()
    closed = fields.List(fields.Nested(ClosedItemSchema), metadata={"description": "Workspaces closed now"})
