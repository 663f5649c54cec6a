"""GET /healthz: the benchmark floor answers a constant JSON without touching the database."""

from __future__ import annotations


def test_healthz_answers_json_without_sql(client, sql_statements):
    with sql_statements() as statements:
        response = client.get("/healthz")
    assert (response.status_code, response.get_json(), statements) == (200, {"status": "ok"}, [])
