"""The front door: members go to the workspaces, visitors to the login page."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return redirect(url_for("workspaces.index" if current_user.is_authenticated else "accounts.login"))


@bp.get("/favicon.ico")
def favicon():
    """Browsers and feed readers ask for /favicon.ico whatever the page links: the SVG icon."""
    return redirect(url_for("static", filename="favicon.svg"), 301)
