"""Fixtures of the report tests."""

from __future__ import annotations

import pytest

from tests.support.figures import Example, build_worked_example


@pytest.fixture
def example(db, factories) -> Example:
    """The worked example of docs/figures.md: Dansaert and Alfama, the week of 22 March 2027."""
    return build_worked_example(db, factories)
