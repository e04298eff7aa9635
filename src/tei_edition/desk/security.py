"""The desk's guard: only the editor's own browser, on this machine, may use the server.

An ASGI middleware in front of every route:

- **Host** must be ``127.0.0.1:PORT`` or ``localhost:PORT`` (a DNS-rebinding page reaches the
  server under its own host name and is refused);
- **Origin**, when sent, must be that same local origin, and ``Sec-Fetch-Site: cross-site`` is
  refused;
- a **token** (random, printed in the URL as Jupyter does) must come as ``?token=``, as the
  cookie set on the first visit, or as ``Authorization: token …``;
- every state-changing request (POST, PUT, PATCH, DELETE) must carry the **CSRF token** of the
  pages in ``X-CSRF-Token`` and a JSON body (``Content-Type: application/json``, which a
  cross-site form cannot send without a preflight);
- bodies over ``max_body`` bytes are refused (413) before they are read.

Refusals are small JSON or text answers with a 4xx status; nothing is written for them.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

__all__ = ["Guard", "MAX_BODY"]

MAX_BODY = 64 * 1024
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# pages of the desk itself; the reading edition under /edition/ keeps its own scripts and styles
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


class Guard:
    """ASGI middleware enforcing the rules above for ``app``."""

    def __init__(self, app: Callable, *, token: str, csrf: str, port: int, max_body: int = MAX_BODY):
        self.app = app
        self.token = token
        self.csrf = csrf
        self.port = port
        self.max_body = max_body
        self.cookie = f"tei-desk-{port}"
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: dict, receive: Callable[[], Awaitable[dict]], send: Callable) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return  # no websockets
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._check(scope, headers)
        if refusal is not None:
            status, message = refusal
            await _answer(send, status, message)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        set_cookie = "token" in query

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY"), (b"cache-control", b"no-store")]
                if not scope.get("path", "").startswith("/edition/"):
                    extra.append((b"content-security-policy", _CSP.encode()))
                if set_cookie:
                    extra.append((b"set-cookie", f"{self.cookie}={self.token}; Path=/; HttpOnly; "
                                                 f"SameSite=Strict".encode()))
                message = dict(message, headers=list(message.get("headers", [])) + extra)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _check(self, scope: dict, headers: dict[str, str]) -> tuple[int, str] | None:
        if headers.get("host", "") not in self.hosts:
            return 403, "refused: the Host header is not this local server (127.0.0.1 or localhost)"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return 403, "refused: the request comes from another origin"
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "refused: cross-site request"
        if not self._token_ok(scope, headers):
            return 403, "refused: missing or wrong token; open the URL printed by `tei-edition serve`"
        length = headers.get("content-length", "0")
        if not length.isdigit():
            return 400, "refused: bad Content-Length"
        if int(length) > self.max_body:
            return 413, f"refused: the body is larger than {self.max_body} bytes"
        if scope.get("method", "GET") in _UNSAFE:
            if not _same(headers.get("x-csrf-token", ""), self.csrf):
                return 403, "refused: missing or wrong CSRF token (reload the page)"
            if headers.get("content-type", "").split(";")[0].strip() != "application/json":
                return 415, "refused: the body must be JSON (Content-Type: application/json)"
            if "chunked" in headers.get("transfer-encoding", "") and "content-length" not in headers:
                return 411, "refused: send a Content-Length"
        return None

    def _token_ok(self, scope: dict, headers: dict[str, str]) -> bool:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "token" in query:
            return _same(query["token"][0], self.token)
        auth = headers.get("authorization", "")
        if auth.lower().startswith("token "):
            return _same(auth[6:].strip(), self.token)
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is simply no token
            return False
        morsel = cookie.get(self.cookie)
        return morsel is not None and _same(morsel.value, self.token)


async def _answer(send: Callable, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})
