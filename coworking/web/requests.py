"""The app's request class: a view may accept a larger body than ``MAX_CONTENT_LENGTH``
(a floor plan upload), declared on the view with ``accepts_up_to``. The limit must be known
before anything reads the body, and the app's own ``before_request`` hooks read forms (the
NUL check, CSRF) before a view runs: so the request asks its view for it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Request as FlaskRequest
from flask import current_app


def accepts_up_to(limit: int) -> Callable[[Callable], Callable]:
    """Let the decorated view's requests carry bodies of up to ``limit`` bytes (put it next
    to the route decorator, outside the others: the registered view carries the attribute)."""

    def mark(view: Callable) -> Callable:
        view.max_content_length = limit
        return view

    return mark


class Request(FlaskRequest):
    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and current_app and self.url_rule is not None:
            view = current_app.view_functions.get(self.url_rule.endpoint)
            limit = getattr(view, "max_content_length", None)
            if limit is not None:
                return limit
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value
