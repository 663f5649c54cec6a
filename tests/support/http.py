"""Talking to the app as its clients do: the JSON API with a bearer token, the login form, and
reading what came back (problem documents, the visible text of a page)."""

from __future__ import annotations

import re

from tests.support.factories import PASSWORD


def problem_code(response) -> str:
    """The ``code`` of a problem+json answer (failing if the answer is not one)."""
    assert response.mimetype == "application/problem+json", (response.status_code, response.get_data(as_text=True))
    return response.json["code"]


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, client, headers):
        self.client = client
        self.headers = headers

    def _call(self, method, url, **kw):
        return getattr(self.client, method)(url, headers=self.headers, **kw)

    def get(self, url, **kw):
        return self._call("get", url, **kw)

    def post(self, url, json=None, **kw):
        return self._call("post", url, json=json, **kw)

    def patch(self, url, json=None, **kw):
        return self._call("patch", url, json=json, **kw)

    def put(self, url, **kw):
        return self._call("put", url, **kw)

    def delete(self, url, **kw):
        return self._call("delete", url, **kw)

    def book(self, desk, day, start, end, **extra):
        """Book ``desk`` on local ``day`` from ``start`` to ``end`` (HH:MM strings)."""
        return self.post(
            "/api/v1/bookings",
            json={
                "desk_id": desk.id,
                "start": f"{day.isoformat()}T{start}",
                "end": f"{day.isoformat()}T{end}",
                **extra,
            },
        )


def log_in(client, who, password: str = PASSWORD, *, remember: bool = False, next_url: str | None = None):
    """Post the login form as ``who`` (a user or an email address); the answer, whatever it is."""
    email = who if isinstance(who, str) else who.email
    url = "/login" + (f"?next={next_url}" if next_url else "")
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post(url, data=data)


def logged_in(client, who, password: str = PASSWORD):
    """Log ``client`` in as ``who``, failing unless the login succeeds (a redirect); the client."""
    r = log_in(client, who, password)
    assert r.status_code == 302, r.get_data(as_text=True)
    return client


def visible(html: str) -> str:
    """The page's text, tags removed, whitespace collapsed."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")
