"""A real SMTP server for the mail tests: aiosmtpd on 127.0.0.1, on a free port.

    with SmtpServer() as server:          # listening
        ...                               # point MAIL_SERVER/MAIL_PORT at server.host/.port
        server.received                   # [Received(envelope_from, rcpt_tos, message)]
        server.refuse_next(1, 451)        # the next message gets "451", then all is well again
        server.stop(); server.start()     # gone, then back on the same port

``SmtpServer(start=False)`` only reserves a port: nothing listens until ``start()`` (a mail
server that is down). ``SmtpServer(login=("user", "password"))`` requires that login (AUTH
over the plain connection): 530 to a message sent without it, 535 to another password;
``smtputf8=False`` makes it a server that takes ASCII addresses only.
``hold_next()`` makes the next message wait, once its data has arrived and been recorded,
until ``release()``: the test can kill or signal the worker while it has that message in hand
(``wait_for_held()`` returns once the worker is waiting for the answer).
A copy whose sender vanished mid-answer is still recorded, as a real server would deliver it.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import time
import warnings
from email.message import EmailMessage
from typing import NamedTuple

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"
TEMPORARY = 451
PERMANENT = 550
_ANSWERS = {
    TEMPORARY: "451 4.3.0 Try again later",
    PERMANENT: "550 5.1.1 No such mailbox here",
}


class Received(NamedTuple):
    envelope_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice for 127.0.0.1)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class _Controller(Controller):
    def factory(self):
        # AUTH without TLS is what the login tests want (on 127.0.0.1): not a warning, which
        # the test run would turn into an error.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
            return super().factory()


class _Handler:
    """aiosmtpd's handler: records each accepted message, or refuses as told."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.refused: list[Received] = []
        self._refusals: list[int] = []
        self._hold = 0
        self.held = threading.Event()  # a held message has arrived
        self.released = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        item = Received(envelope.mail_from, list(envelope.rcpt_tos), parsed)
        with self.lock:
            code = self._refusals.pop(0) if self._refusals else None
            hold = code is None and self._hold > 0
            if hold:
                self._hold -= 1
            (self.refused if code else self.received).append(item)
        if code:
            return _ANSWERS[code]
        if hold:
            self.held.set()
            while not self.released.is_set():
                await asyncio.sleep(0.01)
        return "250 2.0.0 OK"


class SmtpServer:
    def __init__(
        self,
        *,
        start: bool = True,
        port: int | None = None,
        login: tuple[str, str] | None = None,
        smtputf8: bool = True,
    ) -> None:
        self.host = HOST
        self.port = port or free_port()
        self.handler = _Handler()
        self.login = login
        self.smtputf8 = smtputf8
        self._controller: Controller | None = None
        if start:
            self.start()

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Listen on the port (again): what was received before is kept."""
        assert self._controller is None, "already listening"
        # A controller's event loop is closed when it stops: a new one for each start.
        auth = {}
        if self.login:
            auth = {"auth_required": True, "auth_require_tls": False, "authenticator": self._authenticate}
        controller = _Controller(
            self.handler,
            hostname=self.host,
            port=self.port,
            ready_timeout=10,
            enable_SMTPUTF8=self.smtputf8,
            **auth,
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Stop listening and drop every connection (the mail server goes away)."""
        if self._controller is not None:
            self.handler.released.set()  # a held answer must not keep the loop from ending
            self._controller.stop()
            self._controller = None

    def _authenticate(self, _server, _session, _envelope, _mechanism, auth_data) -> AuthResult:
        given = (
            (auth_data.login.decode(), auth_data.password.decode()) if isinstance(auth_data, LoginPassword) else None
        )
        return AuthResult(success=given == self.login, handled=False)

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> SmtpServer:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    # --- what the test tells it ----------------------------------------------------------

    def refuse_next(self, count: int, code: int) -> None:
        """Answer ``code`` (451: try later; 550: never) to the next ``count`` messages."""
        assert code in _ANSWERS, f"answers known: {sorted(_ANSWERS)}"
        with self.handler.lock:
            self.handler._refusals.extend([code] * count)

    def hold_next(self) -> None:
        """The next accepted message is recorded, then its answer waits for ``release()``."""
        with self.handler.lock:
            self.handler._hold += 1
        self.handler.held.clear()
        self.handler.released.clear()

    def wait_for_held(self, timeout: float = 15.0) -> None:
        assert self.handler.held.wait(timeout), f"no message arrived within {timeout} s"

    def release(self) -> None:
        self.handler.released.set()

    # --- what it saw ---------------------------------------------------------------------

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    @property
    def refused(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.refused)

    def message_ids(self) -> list[str]:
        return [item.message_id for item in self.received]

    def wait_for(self, count: int, timeout: float = 15.0) -> list[Received]:
        """Poll until at least ``count`` messages were received; them all."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} of {count} messages within {timeout} s"
            time.sleep(0.02)
        return self.received
