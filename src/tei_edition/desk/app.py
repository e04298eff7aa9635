"""The desk's routes (Starlette) and ``serve`` (uvicorn on 127.0.0.1).

Pages (``templates/desk/*.html``, Jinja2): the review queue, the text view, the registers and the
validation report. The JSON API under ``/api/`` does the actions (each a thin call of
:class:`~tei_edition.desk.service.Desk`); ``/edition/`` serves the rebuilt reading edition so the
editor sees a decision in its page. Errors are JSON ``{"error": message}`` with a 4xx status
(500 for a fault of the desk itself), never a traceback.
"""

from __future__ import annotations

import json
import secrets
import socket
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..diagnostics import EditionError
from ..resources import resource_path
from .security import MAX_BODY, Guard
from .service import Desk, DeskError

__all__ = ["create_app", "serve", "free_port"]


def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(resource_path("templates/desk"))),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


class _Views:
    """The desk's request handlers: pages (Jinja) and the JSON API, each a thin call of :class:`Desk`."""

    def __init__(self, desk: Desk, csrf: str):
        self.desk = desk
        self.csrf = csrf
        self.env = _env()

    def page(self, name: str, **values: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(csrf=self.csrf, view=name.removesuffix(".html"),
                                                  docs=self.desk.documents() if self.desk.built else [], **values)
        return HTMLResponse(html)

    @staticmethod
    async def call(fn, *args) -> Any:
        return await run_in_threadpool(fn, *args)

    @staticmethod
    async def body(request: Request) -> Any:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise DeskError(413, "the body is too large")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise DeskError(400, f"malformed JSON body: {err}") from None

    # ------------------------------------------------------------------ pages

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/queue", status_code=303)

    async def queue_page(self, request: Request) -> Response:
        items = await self.call(self.desk.queue) if self.desk.built else []
        return self.page("queue.html", items=items)

    async def text_page(self, request: Request) -> Response:
        chapter = request.query_params.get("chapter", "0")
        if not chapter.isdigit() or len(chapter) > 6:
            raise DeskError(400, "chapter must be a number")
        data = await self.call(self.desk.chapter, request.path_params["doc"], int(chapter))
        return self.page("text.html", **data)

    async def registers_page(self, request: Request) -> Response:
        type_ = request.query_params.get("type", "")
        if type_ not in ("", "person", "place", "org"):
            raise DeskError(400, "type must be person, place or org")
        data = await self.call(self.desk.registers, type_)
        return self.page("registers.html", type=type_, **data)

    async def validation_page(self, request: Request) -> Response:
        return self.page("validation.html", **await self.call(self.desk.validation))

    # ------------------------------------------------------------------ API

    async def api_queue(self, request: Request) -> Response:
        return JSONResponse({"items": await self.call(self.desk.queue)})

    async def api_entries(self, request: Request) -> Response:
        q = request.query_params.get("q", "")[:100]
        return JSONResponse({"entries": await self.call(self.desk.entries, q,
                                                        request.query_params.get("type", "")[:20])})

    async def api_status(self, request: Request) -> Response:
        return JSONResponse(self.desk.status())

    async def api_decide(self, request: Request) -> Response:
        return JSONResponse(await self.call(self.desk.decide, await self.body(request)))

    async def api_merge(self, request: Request) -> Response:
        return JSONResponse(await self.call(self.desk.merge, await self.body(request)))

    async def api_distinct(self, request: Request) -> Response:
        return JSONResponse(await self.call(self.desk.merge, await self.body(request), True))

    async def api_entry(self, request: Request) -> Response:
        return JSONResponse(await self.call(self.desk.edit_entry, await self.body(request)))

    async def api_undo(self, request: Request) -> Response:
        return JSONResponse(await self.call(self.desk.undo, await self.body(request)))

    async def api_pdf(self, request: Request) -> Response:
        await self.body(request)
        self.desk.rebuilder.request_pdf()
        return JSONResponse({"queued": True})

    def routes(self) -> list:
        html_dir = self.desk.config.build_dir / "html"
        html_dir.mkdir(parents=True, exist_ok=True)
        post = {"methods": ["POST"]}
        return [
            Route("/", self.home), Route("/queue", self.queue_page), Route("/text/{doc}", self.text_page),
            Route("/registers", self.registers_page), Route("/validation", self.validation_page),
            Route("/api/queue", self.api_queue), Route("/api/entries", self.api_entries),
            Route("/api/status", self.api_status),
            Route("/api/decide", self.api_decide, **post), Route("/api/merge", self.api_merge, **post),
            Route("/api/distinct", self.api_distinct, **post), Route("/api/entry", self.api_entry, **post),
            Route("/api/undo", self.api_undo, **post), Route("/api/pdf", self.api_pdf, **post),
            Mount("/static", StaticFiles(directory=str(resource_path("templates/desk") / "static")), name="static"),
            Mount("/edition", StaticFiles(directory=str(html_dir), html=True, check_dir=False), name="edition"),
        ]


# errors: JSON {"error": message}, never a traceback

async def _desk_error(request: Request, exc: DeskError) -> Response:
    return JSONResponse({"error": exc.message}, status_code=exc.status)


async def _edition_error(request: Request, exc: EditionError) -> Response:
    return JSONResponse({"error": str(exc)}, status_code=422)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return JSONResponse({"error": exc.detail or "error"}, status_code=exc.status_code)


async def _fault(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": f"the desk failed on this request ({type(exc).__name__}); "
                                  "see the terminal running `tei-edition serve`"}, status_code=500)


def create_app(desk: Desk, *, token: str, port: int, csrf: str | None = None) -> Starlette:
    """The ASGI app of ``desk``, guarded for ``127.0.0.1:port`` and ``token``."""
    csrf = csrf or secrets.token_urlsafe(32)
    return Starlette(routes=_Views(desk, csrf).routes(), debug=False,
                     middleware=[Middleware(Guard, token=token, csrf=csrf, port=port)],
                     exception_handlers={DeskError: _desk_error, EditionError: _edition_error,
                                         HTTPException: _http_error, Exception: _fault})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(config_path: Path, *, port: int = 0, open_browser: bool = False, pdf: str = "background",
          echo=print) -> None:
    """Run the desk on 127.0.0.1 until interrupted; prints the URL with its token.

    Raises :class:`EditionError` when the port cannot be had (an I/O problem of the invocation)."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(128)  # connections wait in the backlog until uvicorn serves them
    except OSError as err:
        sock.close()
        raise EditionError("", f"cannot listen on 127.0.0.1:{port}: {err.strerror or err}", "io-listen") from None
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    desk = Desk(config_path, pdf=pdf)
    app = create_app(desk, token=token, port=port)
    url = f"http://127.0.0.1:{port}/queue?token={token}"
    echo(f"The editor's desk is running. Open this URL (it holds the access token):\n    {url}\n"
         "Press Ctrl+C to stop.")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False))
    try:
        server.run(sockets=[sock])
    finally:
        desk.rebuilder.stop()
