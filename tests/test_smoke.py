from datetime import date

import time_machine

from tests.conftest import PASSWORD, local


def test_token_book_and_cancel(client, make_workspace, make_desk, make_user):
    ws = make_workspace()
    desk = make_desk(ws)
    user = make_user(workspaces=[ws])
    with time_machine.travel("2027-03-01T08:00:00Z", tick=False):
        r = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
        assert r.status_code == 201, r.json
        headers = {"Authorization": f"Bearer {r.json['token']}"}
        r = client.post(
            "/api/v1/bookings",
            json={"desk_id": desk.id, "start": local(date(2027, 3, 5), 9), "end": local(date(2027, 3, 5), 17)},
            headers=headers,
        )
        assert r.status_code == 201, r.json
        print(r.json)
        r2 = client.delete(f"/api/v1/bookings/{r.json['id']}", headers=headers)
        assert r2.status_code == 200, r2.json
        print(r2.json)
