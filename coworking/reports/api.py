"""JSON API: a workspace's occupancy and usage per member (its managers, admins), and the
caller's own usage across workspaces. Figures are defined in docs/figures.md."""

from __future__ import annotations

from flask import g

from coworking.apibase import ApiBlueprint, shaped
from coworking.ops import ratelimits
from coworking.reports import access, schemas
from coworking.reports.figures.periods import check_granularity, parse_period
from coworking.reports.figures.results import Figures, Totals, Usage
from coworking.reports.queries import own_usage
from coworking.reports.queries.workspace_report import MemberRow, WorkspaceReport, report_for, sorted_rows
from coworking.rounding import hours, known_hours, ratio
from coworking.web.auth import token_required

blp = ApiBlueprint(
    "api_reports", __name__, url_prefix="/api/v1", description="Reports: occupancy and usage (docs/figures.md)"
)


def period(args: dict) -> tuple:
    return parse_period(args.get("from_"), args.get("to"))


def figures_json(totals: Totals) -> dict:
    return {
        "capacity_hours": hours(totals.capacity),
        "booked_hours": hours(totals.booked),
        "occupancy": ratio(totals.occupancy),
        "desk_days": ratio(totals.desk_days, 2),
        "peak": ratio(totals.peak),
        "peak_desks": totals.peak_desks,
        "used_hours": known_hours(totals.used),
        "used_occupancy": ratio(totals.used_occupancy),
    }


def no_shows_json(figures: Figures | Usage) -> dict:
    """No-shows, the bookings whose check-in is settled, and their rate (None: not available,
    or nothing settled)."""
    return {
        "no_shows": figures.no_shows,
        "settled_check_ins": figures.settled,
        "no_show_rate": ratio(figures.no_show_rate),
    }


def occupancy_json(report: WorkspaceReport, granularity: str) -> dict:
    figures = report.figures
    median, mean = figures.lead_time_median, figures.lead_time_mean
    return {
        "workspace": report.workspace.slug,
        "timezone": report.workspace.timezone,
        "from_": figures.first.isoformat(),
        "to": figures.last.isoformat(),
        "granularity": granularity,
        "series": [
            {"period_start": b.start.isoformat(), "period_end": b.end.isoformat(), **figures_json(b.totals)}
            for b in figures.series(granularity)
        ],
        "totals": {
            **figures_json(figures.totals),
            "bookings": figures.bookings,
            "cancellations": figures.cancellations,
            "late_cancellations": figures.late_cancellations,
            "lead_time_median_hours": None if median is None else hours(median),
            "lead_time_mean_hours": None if mean is None else hours(mean),
            **no_shows_json(figures),
        },
    }


def usage_figures_json(usage: Usage) -> dict:
    return {
        "bookings": usage.bookings,
        "desk_hours": hours(usage.booked),
        "desk_days": ratio(usage.desk_days, 2),
        "cancellations": usage.cancellations,
        "late_cancellations": usage.late_cancellations,
        "used_hours": known_hours(usage.used),
        **no_shows_json(usage),
    }


def usage_json(report: WorkspaceReport, rows: list[MemberRow]) -> dict:
    """The answer exactly as UsageSchema documents it (sent without a marshmallow pass: with
    thousands of member rows that pass was two thirds of the request). The rows list every
    member with activity, cancellations included; the totals count members as
    ``counting.count_members`` defines them."""
    workspace = report.workspace
    counted = report.member_count()
    return {
        "workspace": workspace.slug,
        "from": report.figures.first.isoformat(),
        "to": report.figures.last.isoformat(),
        "members": [
            {
                "member": {"id": row.member.id, "name": row.member.name, "email": row.member.email},
                "home_workspace": row.member.home_slug,
                "visiting": row.visiting(workspace),
                **usage_figures_json(row.usage),
            }
            for row in rows
        ],
        "totals": {
            **usage_figures_json(report.figures.usage),
            "members": counted.members,
            "visiting_members": counted.visiting,
        },
    }


@blp.route("/workspaces/<slug>/occupancy", methods=["GET"])
@token_required
@ratelimits.reports
@blp.arguments(schemas.OccupancyQuerySchema, location="query")
@blp.response(200, schemas.OccupancySchema)
@blp.alt_response(403, description="Not a manager of this workspace")
@blp.alt_response(422, description="Bad dates, 'from' after 'to', more than 5 years, unknown granularity")
def occupancy(args, slug):
    """Capacity, booked hours, occupancy, desk-days and peak per day, ISO week or month."""
    workspace = access.managed_workspace(g.user, slug)  # 404 / 403 before looking at the dates
    first, last = period(args)
    granularity = check_granularity(args["granularity"])
    return occupancy_json(report_for(workspace, first, last), granularity)


@blp.route("/workspaces/<slug>/usage", methods=["GET"])
@token_required
@ratelimits.reports
@blp.arguments(schemas.PeriodQuerySchema, location="query")
@blp.response(200, schemas.UsageSchema)
@blp.alt_response(403, description="Not a manager of this workspace")
@blp.alt_response(422, description="Bad dates, 'from' after 'to', more than 5 years")
def usage(args, slug):
    """Usage per member (bookings, desk-hours, desk-days, cancellations), most desk-hours first."""
    workspace = access.managed_workspace(g.user, slug)
    first, last = period(args)
    report = report_for(workspace, first, last)
    return shaped(usage_json(report, sorted_rows(report.member_rows())))


@blp.route("/me/usage", methods=["GET"])
@token_required
@ratelimits.reports
@blp.arguments(schemas.PeriodQuerySchema, location="query")
@blp.response(200, schemas.MyUsageSchema)
@blp.alt_response(422, description="Bad dates, 'from' after 'to', more than 5 years")
def my_usage(args):
    """The caller's own usage per workspace (each in its local dates)."""
    first, last = period(args)
    mine = own_usage.member_usage(g.user, first, last)
    return {
        "from_": first.isoformat(),
        "to": last.isoformat(),
        "workspaces": [
            {"workspace": workspace.slug, "name": workspace.name, **usage_figures_json(usage)}
            for workspace, usage in mine.rows
        ],
        "totals": usage_figures_json(mine.total),
    }
