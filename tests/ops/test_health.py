"""GET /healthz: the benchmark floor answers a constant JSON without touching the database."""

from __future__ import annotations

from sqlalchemy import event

from coworking.extensions import db


def test_healthz_answers_json_without_sql(app, client):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get("/healthz")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert (response.status_code, response.get_json(), statements) == (200, {"status": "ok"}, [])
