"""Fixtures of the budget tests."""

from __future__ import annotations

import pytest

from tests.support.budget import build_example


@pytest.fixture
def admin(make_user):
    return make_user(role="admin", email="admin@example.org", name="Admin")


@pytest.fixture
def example(db, factories):
    """The worked example of docs/budget.md: (Canal, Alfama, Canal's desks by code)."""
    return build_example(db, factories)
