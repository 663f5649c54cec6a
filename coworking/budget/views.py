"""Budget pages: a workspace's line (its managers, admins), the cooperative view and the
assembly pack with its CSV/XLSX downloads (admins), and the admins' actions: edit the plan,
import actual costs, close and reopen a month.

Thin: parse the form → one service call → commit → redirect (or render)."""

from __future__ import annotations

import re
from datetime import date

from babel.numbers import format_decimal, format_percent
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking import errors
from coworking.budget import close as budget_close
from coworking.budget import costs, exports, lines, rules
from coworking.budget import plan as budget_plan
from coworking.budget import totals as budget_totals
from coworking.db import utcnow
from coworking.downloads import content_disposition
from coworking.web.unit_of_work import refusals

bp = Blueprint("budget", __name__, url_prefix="/budget")

CHART_W, CHART_H, BAR_GAP = 600, 200, 8


def _user():
    return current_user._get_current_object()


def _locale() -> str:
    return str(get_locale() or "en")


@bp.context_processor
def _formatting():
    def money(value) -> str:
        # Rounded once by rules.money (half up, as the API and exports), not by babel (half even).
        return "–" if value is None else format_decimal(rules.money(value), format="#,##0.00", locale=_locale())

    def share(value) -> str:
        return "–" if value is None else format_percent(float(value), format="#,##0.0 %", locale=_locale())

    def number(value, digits: int = 2) -> str:
        if value is None:
            return "–"
        value = rules.decimal_places(value, digits)  # exact Fractions and Decimals alike
        return format_decimal(value, format="#,##0." + "#" * digits, locale=_locale())

    def hours_of(seconds: int) -> str:
        return number(rules.decimal_places(rules.exact(seconds) / 3600, 2))

    def planned(view, value, fmt=money) -> str:
        """A planned figure or a variance; "no plan" for a line without a plan (docs/budget.md)."""
        return _("no plan") if not budget_totals.has_plan(view) else fmt(value)

    return {
        "money": money,
        "share": share,
        "number": number,
        "hours_of": hours_of,
        "planned": planned,
        "other_income": budget_totals.other_income,
        "rules": rules,
    }


def _this_year(user) -> int:
    return utcnow().date().year


@bp.get("/", strict_slashes=False)  # /budget and /budget/ answer the same page
@login_required
def index():
    """Admins: the cooperative view; managers: their workspaces' lines; members: none."""
    user = _user()
    year = _this_year(user)
    if user.is_admin:
        return redirect(url_for("budget.year", year=year))
    if user.role != "manager":
        raise errors.Forbidden("Budget lines are for managers and admins.")
    workspaces = sorted(user.managed_workspaces, key=lambda w: w.name)
    return render_template("budget/index.html", workspaces=workspaces, year=year)


def chart(view: lines.LineView) -> dict:
    """Occupancy per month as bars against the target line; the table repeats every number."""
    step = CHART_W / 12
    bars = []
    for m in view.months:
        height = float(m.occupancy) * CHART_H
        bars.append(
            {
                "x": round((m.month - 1) * step + BAR_GAP / 2, 1),
                "y": round(CHART_H - height, 1),
                "w": round(step - BAR_GAP, 1),
                "h": round(height, 1),
                "closed": m.closed,
                "label": m.key,
                "value": m.occupancy,
            }
        )
    target_y = round(CHART_H - float(view.plan.target_occupancy) * CHART_H, 1)
    return {"bars": bars, "target_y": target_y, "width": CHART_W, "height": CHART_H}


@bp.get("/<int:year>")
@login_required
def year(year):
    view = lines.year_lines(_user(), year, utcnow())
    return render_template("budget/year.html", view=view, year=year)


@bp.get("/<int:year>/pack")
@login_required
def pack(year):
    """The assembly pack: every line, printable."""
    view = lines.year_lines(_user(), year, utcnow())
    return render_template(
        "budget/pack.html", view=view, year=year, charts={v.workspace.id: chart(v) for v in view.lines}
    )


@bp.get("/<int:year>/export.<fmt>")
@login_required
def export(year, fmt):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    view = lines.year_lines(_user(), year, utcnow())
    name = f"budget-{year}.{fmt}"
    if fmt == "csv":
        body, mimetype = exports.to_csv(exports.year_rows(view)), "text/csv; charset=utf-8"
    else:
        body, mimetype = exports.to_xlsx(view), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": content_disposition(name)})


@bp.get("/<slug>/<int:year>")
@login_required
def line(slug, year):
    view = lines.budget_line(_user(), slug, year, utcnow(), with_audit=True)
    today = utcnow().astimezone(view.workspace.tz).date()
    closable = [m.key for m in view.months if not m.closed and rules.month_finished(m.year, m.month, today)]
    return render_template("budget/line.html", view=view, year=year, chart=chart(view), closable=closable, today=today)


def _back(slug: str, year: int):
    return redirect(url_for("budget.line", slug=slug, year=year))


def _flash_error(exc: errors.DomainError) -> None:
    problems = exc.extra.get("errors", [])
    closed = sorted({p["month"] for p in problems if p.get("reason") == "month_closed"})
    if closed:
        # The import refuses a closed month: say what to do instead of only that it failed.
        flash(
            ngettext(
                "Nothing was imported: the file has costs for %(months)s, which is closed. To correct a "
                "closed month, reopen it (with a reason), import the file again, then close the month again.",
                "Nothing was imported: the file has costs for %(months)s, which are closed. To correct closed "
                "months, reopen them (with a reason), import the file again, then close the months again.",
                len(closed),
                months=", ".join(closed),
            ),
            "error",
        )
        problems = [p for p in problems if p.get("reason") != "month_closed"]
        if not problems:
            return
    flash(exc.detail, "error")
    for problem in problems[:20]:
        flash(_("Line %(line)d: %(message)s", line=problem["line"], message=problem["message"]), "error")


@bp.route("/<slug>/<int:year>/plan", methods=["GET", "POST"])
@login_required
def plan(slug, year):
    user = _user()
    if not user.is_admin:
        raise errors.Forbidden("Only admins change budget plans.")
    view = lines.budget_line(user, slug, year, utcnow())
    form = request.form
    if request.method == "POST":
        data = {
            "costs": {c: form.get(c, "0") for c in rules.COST_CATEGORIES},
            "income": {c: form.get(c, "0") for c in rules.INCOME_CATEGORIES},
            "planned_desks": _int(form.get("planned_desks", "0")),
            "desk_day_price": form.get("desk_day_price") or None,
            "approved": form.get("approved") == "y",
            "approved_on": _date(form.get("approved_on")),
            "reason": form.get("reason", ""),
        }
        with refusals() as refused:
            data["target_occupancy"] = _share(form.get("target_occupancy", "0"))
            budget_plan.save_plan(user, slug, year, data, utcnow())
        if refused:
            return render_template("budget/plan.html", view=view, year=year, form=form, error=refused.error.detail), 422
        flash(_("The plan was saved."), "success")
        return _back(slug, year)
    return render_template("budget/plan.html", view=view, year=year, form=None, error=None)


def _int(text: str):
    return int(text) if re.fullmatch(r"\d{1,5}", (text or "").strip()) else -1


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _share(text: str):
    """Target occupancy as a percentage on the form ("75" or "75,5") → 0.75."""
    value = rules.parse_money((text or "0").strip().rstrip("%").strip(), "target_occupancy")
    return value / 100


def _decode(data: bytes) -> str:
    """Accounting exports come as UTF-8 (with or without BOM) or, often in Europe, Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@bp.post("/<slug>/<int:year>/costs")
@login_required
def import_costs(slug, year):
    user = _user()
    upload = request.files.get("file")
    text = _decode(upload.read()) if upload else ""
    with refusals() as refused:
        count = costs.import_costs(user, slug, text, utcnow())
    if refused:
        if refused.error.status in (401, 403, 404):
            raise refused.error
        _flash_error(refused.error)
        return _back(slug, year)
    flash(ngettext("%(num)d row imported.", "%(num)d rows imported.", count), "success")
    return _back(slug, year)


@bp.post("/close")
@login_required
def close():
    """Two steps, no script needed: the month's form posts here and gets the confirm step (what
    the close will freeze, which workspaces lack costs); that page posts back with ``confirmed``."""
    user = _user()
    month = request.form.get("month", "")
    slug, year = request.form.get("slug", ""), request.form.get("year", "")
    back = _back(slug, int(year)) if slug and year.isdigit() else redirect(url_for("budget.index"))
    if request.form.get("confirmed") != "yes":
        try:
            plan = budget_close.preview_close(user, month, utcnow())
        except errors.DomainError as exc:
            if exc.status in (401, 403):
                raise
            _flash_error(exc)
            return back
        return render_template("budget/close.html", plan=plan, slug=slug, year=year)
    with refusals() as refused:
        closes = budget_close.close_month(user, month, utcnow())
    if refused:
        if refused.error.status in (401, 403):
            raise refused.error
        _flash_error(refused.error)
    else:
        flash(
            ngettext(
                "%(month)s was closed for %(num)d workspace.",
                "%(month)s was closed for %(num)d workspaces.",
                len(closes),
                month=month,
            ),
            "success",
        )
    return back


@bp.post("/<slug>/<int:year>/reopen")
@login_required
def reopen(slug, year):
    user = _user()
    with refusals() as refused:
        budget_close.reopen_month(user, slug, request.form.get("month", ""), request.form.get("reason"), utcnow())
    if refused:
        if refused.error.status in (401, 403, 404):
            raise refused.error
        _flash_error(refused.error)
    else:
        flash(_("The month was reopened."), "success")
    return _back(slug, year)
