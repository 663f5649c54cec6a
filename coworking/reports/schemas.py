"""Marshmallow schemas for the reports API (they document the OpenAPI; dates are checked by
``reports.figures.periods`` so the API, pages and exports refuse the same periods the same way)."""

from __future__ import annotations

from marshmallow import Schema, fields

from coworking.reports.figures.periods import GRANULARITIES

PERIOD = "Local date (YYYY-MM-DD) in the workspace's time zone, inclusive"


class PeriodQuerySchema(Schema):
    from_ = fields.String(data_key="from", load_default=None, metadata={"description": PERIOD, "example": "2027-03-01"})
    to = fields.String(load_default=None, metadata={"description": PERIOD + "; at most 5 years after 'from'"})


class OccupancyQuerySchema(PeriodQuerySchema):
    granularity = fields.String(
        load_default="month", metadata={"enum": list(GRANULARITIES), "description": "Series buckets (default month)"}
    )


class FiguresSchema(Schema):
    capacity_hours = fields.Float(metadata={"description": "Σ desks in service × opening hours (closures: 0)"})
    booked_hours = fields.Float(metadata={"description": "Σ confirmed bookings' hours inside opening hours"})
    occupancy = fields.Float(metadata={"description": "booked ÷ capacity, 0–1 (0 without capacity)"})
    desk_days = fields.Float(metadata={"description": "Σ per day of booked hours ÷ that day's opening hours"})
    peak = fields.Float(metadata={"description": "Most desks booked at once ÷ desks in service, highest day, 0–1"})
    peak_desks = fields.Integer(metadata={"description": "Most desks booked at once"})
    used_hours = fields.Float(
        allow_none=True,
        metadata={"description": "Σ checked-in bookings' hours inside opening hours; null: not available"},
    )
    used_occupancy = fields.Float(
        allow_none=True, metadata={"description": "used ÷ capacity, 0–1; null: not available"}
    )


class NoShowsSchema(Schema):
    no_shows = fields.Integer(
        allow_none=True,
        metadata={"description": "Bookings starting in the period released for want of check-in; null: not available"},
    )
    settled_check_ins = fields.Integer(
        allow_none=True,
        metadata={"description": "Bookings starting in the period checked in or released (the rate's denominator)"},
    )
    no_show_rate = fields.Float(
        allow_none=True, metadata={"description": "no_shows ÷ settled_check_ins, 0–1; null when none or not available"}
    )


class SeriesItemSchema(FiguresSchema):
    period_start = fields.String(
        metadata={"description": "First day of the bucket inside the period (the day, the ISO week's Monday, the 1st)"}
    )
    period_end = fields.String(metadata={"description": "Last day of the bucket inside the period"})


class OccupancyTotalsSchema(FiguresSchema, NoShowsSchema):
    cancellations = fields.Integer()
    late_cancellations = fields.Integer()
    bookings = fields.Integer()
    lead_time_median_hours = fields.Float(allow_none=True)
    lead_time_mean_hours = fields.Float(allow_none=True)


class OccupancySchema(Schema):
    workspace = fields.String(metadata={"description": "Workspace slug"})
    timezone = fields.String()
    from_ = fields.String(data_key="from")
    to = fields.String()
    granularity = fields.String(metadata={"enum": list(GRANULARITIES)})
    series = fields.List(fields.Nested(SeriesItemSchema))
    totals = fields.Nested(OccupancyTotalsSchema)


class UsageFiguresSchema(NoShowsSchema):
    bookings = fields.Integer(metadata={"description": "Confirmed bookings starting in the period"})
    desk_hours = fields.Float(metadata={"description": "Booked hours inside opening hours"})
    desk_days = fields.Float()
    cancellations = fields.Integer(metadata={"description": "Cancelled bookings starting in the period"})
    late_cancellations = fields.Integer(
        metadata={"description": "Cancelled by the member after the cut-off or less than 24 h before the start"}
    )
    used_hours = fields.Float(allow_none=True, metadata={"description": "Checked-in hours inside opening hours"})


class MemberRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()


class MemberUsageSchema(UsageFiguresSchema):
    member = fields.Nested(MemberRefSchema)
    home_workspace = fields.String(allow_none=True, metadata={"description": "Slug of the member's home workspace"})
    visiting = fields.Boolean(metadata={"description": "Home is another workspace (or none)"})


class UsageTotalsSchema(UsageFiguresSchema):
    members = fields.Integer(
        metadata={"description": "Members with a booking or booked time in the period (not those who only cancelled)"}
    )
    visiting_members = fields.Integer(metadata={"description": "Of those members, the ones from another workspace"})


class UsageSchema(Schema):
    workspace = fields.String()
    from_ = fields.String(data_key="from")
    to = fields.String()
    members = fields.List(fields.Nested(MemberUsageSchema))
    totals = fields.Nested(UsageTotalsSchema)


class MyWorkspaceUsageSchema(UsageFiguresSchema):
    workspace = fields.String(metadata={"description": "Workspace slug"})
    name = fields.String()


class MyUsageSchema(Schema):
    from_ = fields.String(data_key="from")
    to = fields.String()
    workspaces = fields.List(fields.Nested(MyWorkspaceUsageSchema))
    totals = fields.Nested(UsageFiguresSchema)
