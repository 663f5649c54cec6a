"""Report pages: a workspace's today, occupancy and usage per member (its managers, admins),
the cooperative overview (admins) and a member's own usage; CSV and XLSX downloads.

Thin: read the period from the query string → one read → render. Figures come from
``reports.queries`` (defined in ``reports.figures`` and docs/figures.md)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time, timedelta
from fractions import Fraction

from babel.dates import format_skeleton, get_day_names
from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking import errors, i18n
from coworking.accounts import permissions
from coworking.db import utcnow
from coworking.downloads import content_disposition
from coworking.ops import ratelimits
from coworking.reports import access, charts, exports
from coworking.reports.figures import heat, periods
from coworking.reports.figures.results import Bucket, Figures
from coworking.reports.queries import board, cooperative, own_usage
from coworking.reports.queries.workspace_report import report_for, sorted_rows

bp = Blueprint("reports", __name__, url_prefix="/reports")

SORT_KEYS = ("name", "home", "bookings", "desk_hours", "desk_days", "cancellations", "late_cancellations")
TEXT_SORTS = ("name", "home")
FORMATS = ("csv", "xlsx")


def _user():
    return current_user._get_current_object()


@bp.context_processor
def _figures():
    return {"heat_level": heat.heat_level}


# --- the period in the query string ------------------------------------------------------------


@dataclass
class Period:
    first: date
    last: date
    granularity: str
    raw_from: str
    raw_to: str
    error: str | None = None
    error_field: str | None = None

    @property
    def args(self) -> dict:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _presets(today: date) -> list[tuple[str, date, date]]:
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    three_ago = (last_month - timedelta(days=1)).replace(day=1)
    return [
        (_("This month"), this_month, _month_end(today)),
        (_("Last month"), last_month, _month_end(last_month)),
        (_("Last 3 months"), three_ago, _month_end(today)),
        (_("This year"), today.replace(month=1, day=1), today.replace(month=12, day=31)),
        (_("Last year"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


def _error_text(exc: errors.DomainError) -> str:
    reason = exc.extra.get("reason")
    if reason == "reversed":
        return _("The start date is after the end date.")
    if reason == "too_long":
        return _("A report can cover at most %(years)d years.", years=periods.MAX_YEARS)
    if reason == "unknown":
        return _("Choose days, weeks or months.")
    return _("Please enter the dates as YYYY-MM-DD.")


def _period(today: date) -> Period:
    """``from``/``to``/``granularity`` from the query string; this month when absent. An
    invalid period keeps the default dates and carries the message to show."""
    raw_from = request.args.get("from", "").strip()
    raw_to = request.args.get("to", "").strip()
    first, last = today.replace(day=1), _month_end(today)
    granularity = request.args.get("granularity", "")
    period = Period(first, last, granularity, raw_from, raw_to)
    try:
        if raw_from or raw_to:
            period.first, period.last = periods.parse_period(raw_from, raw_to)
        period.granularity = periods.check_granularity(
            granularity or periods.auto_granularity(period.first, period.last)
        )
    except errors.ValidationFailed as exc:
        period.first, period.last = first, last
        period.granularity = granularity if granularity in periods.GRANULARITIES else "day"
        period.error = _error_text(exc)
        period.error_field = exc.extra.get("field")
    return period


def _workspace_today(workspace) -> date:
    return utcnow().astimezone(workspace.tz).date()


def _render(template: str, period: Period | None = None, **context):
    status = 422 if period is not None and period.error else 200
    return render_template(template, period=period, **context), status


# --- pages ---------------------------------------------------------------------------------------


@bp.get("", strict_slashes=False)  # /reports and /reports/ answer the same page
@login_required
@ratelimits.reports
def index():
    user = _user()
    workspaces = access.reportable_workspaces(user)
    if not workspaces and not permissions.is_admin(user):
        raise errors.Forbidden("Reports are for managers and admins.")
    return render_template("reports/index.html", workspaces=workspaces)


@bp.get("/<slug>/today")
@login_required
@ratelimits.reports
def today(slug: str):
    view = board.today(_user(), slug, utcnow())
    return render_template("reports/today.html", workspace=view.workspace, view=view)


def _heatmap(figures: Figures) -> dict:
    hours = sorted({h for (_wd, h), cell in figures.heatmap.items() if cell.capacity})
    weekdays = sorted({wd for (wd, _h), cell in figures.heatmap.items() if cell.capacity})
    names = get_day_names("wide", locale=i18n.current_locale())
    rows = [(names[wd], [(h, figures.heatmap.get((wd, h))) for h in hours]) for wd in weekdays]
    return {"hours": [time(h) for h in hours], "rows": rows}


# Axis labels per granularity as CLDR skeletons: each language orders and abbreviates them
# its own way ("Mar 2027", "mrt 2027", "mars 2027", "März 2027"; "22 Mar", "22. März").
AXIS_SKELETONS = {"month": "yMMM", "week": "MMMd", "day": "MMMEd"}
TITLE_SKELETONS = {"month": "yMMMM", "week": "yMMMd", "day": "yMMMEd"}


def _trend(buckets: list[Bucket], granularity: str) -> charts.BarChart:
    """The occupancy bar chart, its labels in the page's language (Babel's CLDR data)."""
    locale = i18n.current_locale()
    percent = [i18n.percent(Fraction(q, 4)) for q in range(5)]
    axis, title = AXIS_SKELETONS[granularity], TITLE_SKELETONS[granularity]
    labels = [format_skeleton(axis, b.start, locale=locale) for b in buckets]
    points = [(format_skeleton(title, b.start, locale=locale), b.totals.occupancy) for b in buckets]
    return charts.bar_chart(points, percent, labels)


@bp.get("/<slug>/occupancy")
@login_required
@ratelimits.reports
def occupancy(slug: str):
    workspace = access.managed_workspace(_user(), slug)
    today_ = _workspace_today(workspace)
    period = _period(today_)
    if period.error:
        return _render("reports/occupancy.html", period, workspace=workspace, report=None, presets=_presets(today_))
    report = report_for(workspace, period.first, period.last)
    buckets = report.figures.series(period.granularity)
    ranked = report.figures.ranked_desks()
    return _render(
        "reports/occupancy.html",
        period,
        workspace=workspace,
        report=report,
        figures=report.figures,
        buckets=buckets,
        chart=_trend(buckets, period.granularity),
        heatmap=_heatmap(report.figures),
        most_used=ranked[:5],
        least_used=list(reversed(ranked[-5:])),
        ranked=ranked,
        presets=_presets(today_),
    )


def _sort() -> tuple[str, bool]:
    key = request.args.get("sort", "desk_hours")
    if key not in SORT_KEYS:
        key = "desk_hours"
    direction = request.args.get("dir", "asc" if key in TEXT_SORTS else "desc")
    return key, direction != "asc"


@bp.get("/<slug>/usage")
@login_required
@ratelimits.reports
def usage(slug: str):
    workspace = access.managed_workspace(_user(), slug)
    today_ = _workspace_today(workspace)
    period = _period(today_)
    key, descending = _sort()
    context = {"workspace": workspace, "presets": _presets(today_), "sort": key, "descending": descending}
    if period.error:
        return _render("reports/usage.html", period, report=None, **context)
    report = report_for(workspace, period.first, period.last)
    rows = sorted_rows(report.member_rows(), key, descending)
    return _render(
        "reports/usage.html",
        period,
        report=report,
        rows=rows,
        counted=report.member_count(),
        total=report.figures.usage,
        **context,
    )


@bp.get("/me")
@login_required
@ratelimits.reports
def mine():
    today_ = utcnow().date()
    period = _period(today_)
    if period.error:
        return _render("reports/mine.html", period, usage=None, presets=_presets(today_))
    return _render(
        "reports/mine.html",
        period,
        usage=own_usage.member_usage(_user(), period.first, period.last),
        presets=_presets(today_),
    )


@bp.get("/overview")
@login_required
@ratelimits.reports
def overview():
    user = _user()
    permissions.require_admin(user, "Only admins see the cooperative overview.")
    today_ = utcnow().date()
    period = _period(today_)
    if period.error:
        return _render("reports/overview.html", period, overview=None, presets=_presets(today_))
    result = cooperative.overview(user, period.first, period.last)
    trends = {
        row.workspace.id: (
            charts.sparkline([b.totals.occupancy for b in row.figures.series(result.granularity)]),
            row.figures.series(result.granularity),
        )
        for row in result.rows
    }
    return _render("reports/overview.html", period, overview=result, trends=trends, presets=_presets(today_))


# --- downloads -----------------------------------------------------------------------------------


def _download_period(workspace) -> Period:
    """Downloads need a valid period: an invalid one is a 422 (the error page)."""
    period = _period(_workspace_today(workspace))
    if period.error:
        raise errors.ValidationFailed(period.error)
    return period


def _file(body: bytes, fmt: str, name: str) -> Response:
    mimetype = "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    if fmt == "csv":
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = content_disposition(f"{name}.{fmt}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _about(workspace, period: Period, what: str) -> list[tuple[str, str]]:
    return [
        ("report", what),
        ("workspace", workspace.slug),
        ("name", workspace.name),
        ("timezone", workspace.timezone),
        ("from", period.first.isoformat()),
        ("to", period.last.isoformat()),
        ("generated_at", utcnow().replace(microsecond=0).isoformat()),
        ("definitions", "docs/figures.md"),
    ]


@bp.get("/<slug>/occupancy.<fmt>")
@login_required
@ratelimits.reports
def occupancy_download(slug: str, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    workspace = access.managed_workspace(_user(), slug)
    period = _download_period(workspace)
    report = report_for(workspace, period.first, period.last)
    rows = exports.occupancy_rows(report.figures, report.figures.series(period.granularity))
    name = f"{workspace.slug}-occupancy-{period.first.isoformat()}-{period.last.isoformat()}"
    if fmt == "csv":
        return _file(exports.to_csv(exports.OCCUPANCY_COLUMNS, rows), fmt, name)
    about = [*_about(workspace, period, "occupancy"), ("granularity", period.granularity)]
    return _file(exports.to_xlsx(exports.OCCUPANCY_COLUMNS, rows, title="Occupancy", about=about), fmt, name)


@bp.get("/<slug>/usage.<fmt>")
@login_required
@ratelimits.reports
def usage_download(slug: str, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    workspace = access.managed_workspace(_user(), slug)
    period = _download_period(workspace)
    report = report_for(workspace, period.first, period.last)
    key, descending = _sort()
    rows = exports.usage_rows(sorted_rows(report.member_rows(), key, descending), report.figures.usage)
    name = f"{workspace.slug}-usage-{period.first.isoformat()}-{period.last.isoformat()}"
    if fmt == "csv":
        return _file(exports.to_csv(exports.USAGE_COLUMNS, rows), fmt, name)
    about = _about(workspace, period, "usage per member")
    return _file(exports.to_xlsx(exports.USAGE_COLUMNS, rows, title="Usage", about=about), fmt, name)


def sort_url(endpoint: str, key: str, current: str, descending: bool, **values) -> str:
    """Link of a sortable column header: toggles the direction of the current column."""
    if key == current:
        direction = "asc" if descending else "desc"
    else:
        direction = "asc" if key in TEXT_SORTS else "desc"
    return url_for(endpoint, sort=key, dir=direction, **values)


@bp.context_processor
def _sorting():
    return {"sort_url": sort_url}
