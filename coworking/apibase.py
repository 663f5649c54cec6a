"""Foundations shared by the feature APIs: a Blueprint whose request parser answers any
unreadable body with a 4xx, and the checks on text every API string goes through."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app
from flask_smorest import Blueprint
from marshmallow import ValidationError
from webargs import core
from webargs.flaskparser import FlaskParser, abort, is_json_request

MAX_DEPTH = 20


def bad_text(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None: a NUL character (PostgreSQL refuses it)
    or a lone surrogate (not encodable as UTF-8)."""
    if "\x00" in value:
        return "Text may not contain NUL characters."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Text must be valid Unicode (no lone surrogates)."
    return None


def _check_strings(node: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ValidationError("The JSON body is nested too deeply.")
    if isinstance(node, str):
        problem = bad_text(node)
        if problem:
            raise ValidationError(problem)
    elif isinstance(node, dict):
        for key, value in node.items():
            _check_strings(key, depth + 1)
            _check_strings(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            _check_strings(value, depth + 1)


class SafeParser(FlaskParser):
    """webargs' parser, hardened: bodies that ``json`` cannot load (deep nesting, numbers with
    thousands of digits) are a 400, strings that no database could store a 422."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        try:
            data = json.loads(req.get_data(cache=True))
        except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
            abort(400, messages={"json": ["The request body is not valid JSON."]})
        return data

    def load_json(self, req, schema):
        data = super().load_json(req, schema)
        if data is not core.missing:
            try:
                _check_strings(data)
            except ValidationError as exc:
                abort(422, messages={"json": exc.messages})
        return data

    def load_querystring(self, req, schema):
        data = super().load_querystring(req, schema)
        for key, values in req.args.lists():
            for value in [key, *values]:
                if bad_text(value):
                    abort(422, messages={"query": {key: [bad_text(value)]}})
        return data


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = SafeParser()


def shaped(payload: Any, status: int = 200) -> Response:
    """A JSON response for a payload the view already built in its documented schema's shape
    (plain str/int/bool/None/list/dict, dates as ISO text). flask-smorest returns a Response
    as it is, so the schema documents the answer but does not dump it again: on the hot
    endpoints (availability, bookings) marshmallow's second pass cost about a fifth of the
    request. tests/platform/test_hot_paths.py and tests/reports/test_api.py check for each that
    ``schema.dump(payload) == payload`` and that no documented key is missing."""
    response = current_app.json.response(payload)
    response.status_code = status
    return response
