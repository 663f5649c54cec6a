"""API fuzzing: schemathesis reads the OpenAPI document the app serves (/api/v1/openapi.json)
and throws generated requests at every operation, in process, with an admin's bearer token.

Checked for every response: no 5xx, the status code is documented for the operation, the
content type is documented, and the body matches the documented schema. Examples are bounded
(``MAX_EXAMPLES`` per operation) and derandomized, so CI sends the same requests on every run.

One test per operation. The operations are listed at collection time from a throwaway app
(in-memory SQLite; serving the document needs no data); each test then loads the document
from the fixture ``app``, so it runs on every backend. schemathesis' own pytest loader
(``schemathesis.pytest.from_fixture``) is not used: 4.32 reads ``request.node._nodeid``,
which pytest 9 no longer has.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.app import make_app
from tests.support.factories import Factories

MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPENAPI = "/api/v1/openapi.json"


def _operation_labels() -> list[str]:
    schema = schemathesis.openapi.from_wsgi(OPENAPI, make_app("sqlite://"))
    return sorted(result.ok().label for result in schema.get_all_operations())


@pytest.fixture
def admin_headers(app):
    """An admin (whose token every request carries) and a workspace "gent" with a desk, so that
    generated requests sometimes hit something real. The tables are emptied after each test."""
    from coworking.accounts import services
    from coworking.extensions import db

    with app.app_context():
        now = datetime.now(UTC)
        make = Factories(db)
        workspace = make.workspace(slug="gent", name="Gent", city="Gent", address="Korenmarkt 1")
        make.desk(workspace, code="G1")
        admin = make.user(role="admin", email="fuzz-admin@example.org", name="Fuzz Admin", password=None)
        token = services.issue_token(admin, now, kind="cli").token
        db.session.commit()
        db.session.remove()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("label", _operation_labels())
def test_operation_conforms_to_the_openapi_document(label, app, admin_headers):
    operation = schemathesis.openapi.from_wsgi(OPENAPI, app).find_operation_by_label(label)
    assert operation is not None, label

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        case.call_and_validate(headers=admin_headers, checks=CHECKS)

    fuzz()
