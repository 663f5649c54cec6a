"""RFC 9457 problem documents: how the API answers every error, and how the OpenAPI document
describes those answers."""

from __future__ import annotations

from flask import jsonify, request
from flask_smorest import Api
from marshmallow import INCLUDE, Schema, fields

from coworking.errors import HTTP_CODES, PROBLEM_JSON


def problem(status: int, code: str, title: str, detail: str, **extra):
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "status": status, "code": code, "title": title, "detail": detail}
    body.update(extra)
    resp = jsonify(body)
    resp.status_code = status
    resp.mimetype = PROBLEM_JSON
    return resp


class ProblemSchema(Schema):
    """An RFC 9457 problem document, as ``problem`` writes it."""

    class Meta:
        unknown = INCLUDE  # some problems add members (field, reason, errors, ...)

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    code = fields.String(metadata={"description": "Stable machine-readable error code"})
    errors = fields.Raw(metadata={"description": "Validation messages by location and field"})
    conflicts = fields.Raw(
        metadata={"description": "A series: every date that could not be booked, as {date, code, detail}"}
    )


class ProblemApi(Api):
    """flask-smorest Api whose HTTP errors are problem+json with a stable ``code``, and
    documented as such: the error responses of the OpenAPI document (every status code and
    the ``default`` response) are ``application/problem+json`` with ``ProblemSchema``."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        success_type = self.DEFAULT_RESPONSE_CONTENT_TYPE
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_JSON  # only while the error responses are made
        try:
            super()._register_responses()
        finally:
            self.DEFAULT_RESPONSE_CONTENT_TYPE = success_type

    def handle_http_exception(self, error):
        if not request.path.startswith("/api/"):
            return error  # HTML pages: let the app's own handlers answer
        data = getattr(error, "data", None) or {}
        extra = {}
        errors = data.get("errors") or data.get("messages")
        if errors:
            # webargs nests by location ("json", "query"); keep it: it names the field.
            extra["errors"] = errors
        detail = data.get("message") or error.description or error.name
        if error.code == 400 and errors:
            detail = "The request body is not valid JSON."
        resp = problem(error.code or 500, HTTP_CODES.get(error.code, "error"), error.name, detail, **extra)
        for key, value in (data.get("headers") or {}).items():
            resp.headers[key] = value
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            resp.headers["Allow"] = ", ".join(error.valid_methods)
        return resp
