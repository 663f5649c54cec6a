"""One unit of work per request, committed in one place.

Services and helpers only ``flush()``. ``init_app`` wraps every view of the app so that:

- a request that may write (POST, PUT, PATCH, DELETE) runs in ``db.run_unit_of_work``: on
  SQLite its transaction starts with ``BEGIN IMMEDIATE``; busy and serialization errors re-run
  the whole view a bounded number of times (then 503); a unique violation that escapes is a 409
  ``conflict``; the unit commits when the view answers below 400 (a success or a redirect) and
  rolls back when it answers 4xx/5xx or raises;
- a request that reads (GET, HEAD, OPTIONS) pays nothing extra; if it wrote anyway (say, a
  confirmation link that marks an address as verified), its writes are committed the same way.

A view that catches a refusal to show it in a page uses ``refusals()``: the refusal rolls the
unit back at once, so nothing the service flushed before refusing is ever committed, and the
page can go on reading. Mail and other effects outside the database are registered with
``db.after_commit`` and run only once the unit has committed.

CLI commands get the same unit of work through ``run``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask, current_app, request, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from coworking.db import commit, has_after_commit, is_unique_violation, run_unit_of_work
from coworking.errors import Conflict, DomainError
from coworking.extensions import db

T = TypeVar("T")

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WROTE = "coworking_wrote"


@event.listens_for(Session, "after_flush")
def _note_write(session_, _context) -> None:
    """Remember that this transaction has written, for requests that only read as a rule."""
    session_.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    """``session.execute(update(...))`` and the like write without a flush."""
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_write(session_, transaction) -> None:
    if transaction.parent is None:
        session_.info.pop(_WROTE, None)


def _retries() -> int:
    return current_app.config["WRITE_RETRIES"]


def _kept(response) -> bool:
    return response.status_code < 400


def view(function: Callable) -> Callable:
    """The view ``function`` run as the request's unit of work (``init_app`` applies this to
    every view of the app)."""

    @functools.wraps(function)
    def in_unit_of_work(*args, **kwargs):
        if request.method in READING_METHODS:
            response = current_app.make_response(function(*args, **kwargs))
            sess = db.session()
            if sess.info.get(_WROTE) or sess.new or sess.dirty or sess.deleted or has_after_commit(sess):
                if _kept(response):
                    _commit_read_request(sess)
                else:
                    sess.rollback()
            return response
        # A retried attempt flashes again: keep only what was there before the first. (The API
        # flashes nothing and does not touch the cookie session.)
        flashes = None if request.path.startswith("/api/") else list(session.get("_flashes", ()))

        def forget_flashes() -> None:
            if flashes is not None and session.get("_flashes", []) != flashes:
                session["_flashes"] = list(flashes)

        return run_unit_of_work(
            db.session,
            lambda: current_app.make_response(function(*args, **kwargs)),
            retries=_retries(),
            keep=_kept,
            before_attempt=forget_flashes,
        )

    in_unit_of_work.unit_of_work = True
    return in_unit_of_work


def _commit_read_request(sess) -> None:
    try:
        commit(sess)
    except Exception as exc:
        sess.rollback()
        if is_unique_violation(exc):
            raise Conflict("That already exists (it was just created by another request).") from exc
        raise


def init_app(app: Flask) -> None:
    """Wrap every view registered so far (call after the blueprints)."""
    for endpoint, function in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = view(function)


@dataclass
class Refusal:
    """What ``refusals()`` caught, if anything: falsy when the service did not refuse."""

    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None


@contextmanager
def refusals() -> Iterator[Refusal]:
    """Catch a service's refusal (a ``DomainError``, or a unique violation as ``Conflict``)
    and roll the request's unit of work back at once, so the page can show it::

        with refusals() as refused:
            booking = services.book(user, ...)
        if refused:
            return render(..., refused.error)
    """
    caught = Refusal()
    try:
        yield caught
    except DomainError as exc:
        db.session.rollback()
        caught.error = exc
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        db.session.rollback()
        caught.error = Conflict("That already exists (it was just created by another request).")


def run(work: Callable[..., T], /, *args, **kwargs) -> T:
    """``work(*args, **kwargs)`` as one unit of work, with the web's retries and commit: for
    CLI commands, which ask their questions first and then make their change in one go."""
    return run_unit_of_work(db.session, lambda: work(*args, **kwargs), retries=_retries())
