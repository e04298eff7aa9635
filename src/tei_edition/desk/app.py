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


def create_app(desk: Desk, *, token: str, port: int, csrf: str | None = None) -> Starlette:
    """The ASGI app of ``desk``, guarded for ``127.0.0.1:port`` and ``token``."""
    csrf = csrf or secrets.token_urlsafe(32)
    env = _env()

    def page(name: str, request: Request, **values: Any) -> HTMLResponse:
        html = env.get_template(name).render(csrf=csrf, view=name.removesuffix(".html"),
                                             docs=desk.documents() if desk.built else [], **values)
        return HTMLResponse(html)

    async def call(fn, *args) -> Any:
        return await run_in_threadpool(fn, *args)

    async def body(request: Request) -> Any:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise DeskError(413, "the body is too large")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise DeskError(400, f"malformed JSON body: {err}") from None

    async def home(request: Request) -> Response:
        return RedirectResponse("/queue", status_code=303)

    async def queue_page(request: Request) -> Response:
        items = await call(desk.queue) if desk.built else []
        return page("queue.html", request, items=items)

    async def text_page(request: Request) -> Response:
        chapter = request.query_params.get("chapter", "0")
        if not chapter.isdigit() or len(chapter) > 6:
            raise DeskError(400, "chapter must be a number")
        data = await call(desk.chapter, request.path_params["doc"], int(chapter))
        return page("text.html", request, **data)

    async def registers_page(request: Request) -> Response:
        type_ = request.query_params.get("type", "")
        if type_ not in ("", "person", "place", "org"):
            raise DeskError(400, "type must be person, place or org")
        data = await call(desk.registers, type_)
        return page("registers.html", request, type=type_, **data)

    async def validation_page(request: Request) -> Response:
        data = await call(desk.validation)
        return page("validation.html", request, **data)

    async def api_queue(request: Request) -> Response:
        return JSONResponse({"items": await call(desk.queue)})

    async def api_entries(request: Request) -> Response:
        q = request.query_params.get("q", "")[:100]
        return JSONResponse({"entries": await call(desk.entries, q, request.query_params.get("type", "")[:20])})

    async def api_status(request: Request) -> Response:
        return JSONResponse(desk.status())

    async def api_decide(request: Request) -> Response:
        return JSONResponse(await call(desk.decide, await body(request)))

    async def api_merge(request: Request) -> Response:
        return JSONResponse(await call(desk.merge, await body(request)))

    async def api_distinct(request: Request) -> Response:
        return JSONResponse(await call(desk.merge, await body(request), True))

    async def api_entry(request: Request) -> Response:
        return JSONResponse(await call(desk.edit_entry, await body(request)))

    async def api_undo(request: Request) -> Response:
        return JSONResponse(await call(desk.undo, await body(request)))

    async def api_pdf(request: Request) -> Response:
        await body(request)
        desk.rebuilder.request_pdf()
        return JSONResponse({"queued": True})

    async def desk_error(request: Request, exc: DeskError) -> Response:
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    async def edition_error(request: Request, exc: EditionError) -> Response:
        return JSONResponse({"error": str(exc)}, status_code=422)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        return JSONResponse({"error": exc.detail or "error"}, status_code=exc.status_code)

    async def fault(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": f"the desk failed on this request ({type(exc).__name__}); "
                                      "see the terminal running `tei-edition serve`"}, status_code=500)

    html_dir = desk.config.build_dir / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    routes = [
        Route("/", home), Route("/queue", queue_page), Route("/text/{doc}", text_page),
        Route("/registers", registers_page), Route("/validation", validation_page),
        Route("/api/queue", api_queue), Route("/api/entries", api_entries), Route("/api/status", api_status),
        Route("/api/decide", api_decide, methods=["POST"]), Route("/api/merge", api_merge, methods=["POST"]),
        Route("/api/distinct", api_distinct, methods=["POST"]), Route("/api/entry", api_entry, methods=["POST"]),
        Route("/api/undo", api_undo, methods=["POST"]), Route("/api/pdf", api_pdf, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(resource_path("templates/desk") / "static")), name="static"),
        Mount("/edition", StaticFiles(directory=str(html_dir), html=True, check_dir=False), name="edition"),
    ]
    return Starlette(routes=routes, debug=False,
                     middleware=[Middleware(Guard, token=token, csrf=csrf, port=port)],
                     exception_handlers={DeskError: desk_error, EditionError: edition_error,
                                         HTTPException: http_error, Exception: fault})


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
