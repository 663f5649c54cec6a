"""Erasure frees the member number (``make mutants`` keeps the number on erasure; this test is
what notices): the number no longer names the erased person, so a new member may take it."""

from __future__ import annotations

import pytest


def test_an_erased_members_number_is_gone_and_free_again(db, make_user, api_as):
    from coworking.accounts.models import User
    from coworking.errors import Conflict

    ana = make_user(email="ana@example.org", name="Ana Lopes", member_number="M-17")
    admin = api_as(make_user(role="admin", email="admin@example.org"))
    with pytest.raises(Conflict) as refused:
        make_user(email="other@example.org", member_number="M-17")
    assert refused.value.detail == "Member number M-17 is already taken."
    db.session.rollback()

    assert admin.post(f"/api/v1/users/{ana.id}/erase").status_code == 200
    db.session.rollback()
    assert db.session.get(User, ana.id).member_number is None
    newcomer = make_user(email="new@example.org", member_number="M-17")
    assert newcomer.member_number == "M-17"
