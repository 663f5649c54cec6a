"""``GET /healthz``: a constant answer that touches no database, for load balancers and as the
benchmark floor (the cost of a request through this app's middleware and nothing else)."""

from __future__ import annotations

from flask import Blueprint, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")
