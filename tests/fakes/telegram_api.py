"""A fake Telegram Bot API server (aiohttp, 127.0.0.1) for tests, e2e runs and benchmarks.

In-process:   ``async with FakeTelegram() as tg: Bot(token=tg.token, base_url=tg.base_url, ...)``
Out of process: ``python -m tests.fakes.telegram_api --port 0`` prints ``READY <port>`` and
serves a JSON control API under ``/_control/`` (see ``RemoteFakeTelegram``).

It implements the subset python-telegram-bot 22 uses, records every call, can inject failures
(429, 500, 403, 400, group migration, hangs) and can enforce Telegram's rate limits.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import signal
import sys
from dataclasses import asdict
from typing import Any

from aiohttp import web

from tests.fakes.common import (
    Call,
    RateLimits,
    read_params,
    start_site,
)
from tests.fakes.telegram_methods import BotApiMethods
from tests.fakes.telegram_remote import RemoteFakeTelegram
from tests.fakes.telegram_types import (
    DEFAULT_TOKEN,
    SEND_METHODS,
    ApiError,
    Sent,
    chat_type_of,
    decode_params,
    malformed_result,
    rule_error,
)

__all__ = ["DEFAULT_TOKEN", "ApiError", "FakeTelegram", "RemoteFakeTelegram", "Sent",
           "chat_type_of"]


class FakeTelegram(BotApiMethods):
    """The fake server: HTTP routes over the state and Bot API methods of its bases."""

    # ---- life cycle -------------------------------------------------------------------------

    def app(self) -> web.Application:
        """The aiohttp application (Bot API routes, file downloads, control API)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/_control/{action}", self._handle_control)
        return app

    async def start(self) -> FakeTelegram:
        """Listen on host:port (0 = a free port)."""
        self._runner, self.port = await start_site(self.app(), self.host, self.port)
        return self

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def root(self) -> str:
        """http://host:port"""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The Bot API base in python-telegram-bot's form ({base}{token}/{method})."""
        return f"{self.root}/bot"

    @property
    def base_file_url(self) -> str:
        """The file download base in python-telegram-bot's form."""
        return f"{self.root}/file/bot"

    # ---- HTTP handlers ---------------------------------------------------------------------

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if self.check_token and request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        path = request.match_info["path"]
        for rec in self.files.values():
            if rec["file_path"] == path:
                return web.Response(body=rec["content"],
                                    content_type="application/octet-stream")
        return web.Response(status=404, text="Not Found")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        raw, files = await read_params(request)
        params = decode_params(raw)
        call = Call(method=method, params=params, files=files)
        self.calls.append(call)
        if self.check_token and request.match_info["token"] != self.token:
            call.outcome = "401"
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        try:
            result = await self._dispatch(method.lower(), params, files, call)
        except ApiError as err:
            if call.outcome == "ok":
                call.outcome = str(err.code)
            return web.json_response(err.body(), status=err.code)
        return web.json_response({"ok": True, "result": result})

    async def _dispatch(self, method: str, params: dict[str, Any],
                        files: dict[str, Any], call: Call) -> Any:
        if self.latency and method != "getupdates":
            await asyncio.sleep(self.latency)
        rule = self.failures.take(method, call.chat_id)
        if rule is not None:
            self.injected[rule.kind] += 1
            call.outcome = rule.kind
            if rule.kind == "hang":
                await asyncio.sleep(rule.hang_seconds)  # then answer normally (late)
            elif rule.kind == "malformed":
                return malformed_result(method)
            else:
                raise rule_error(rule)
        if method in SEND_METHODS and self.enforcer is not None:
            chat = str(params.get("chat_id"))
            wait = self.enforcer.check(chat, chat.startswith("-"))
            if wait is not None:
                self.rate_limited += 1
                call.outcome = "limited"
                raise ApiError(429, f"Too Many Requests: retry after {wait}",
                               {"retry_after": wait})
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return await handler(params, files)

    # ---- webhook delivery ------------------------------------------------------------------

    async def deliver_webhook(self, update: dict[str, Any], secret: str | None = None,
                              url: str | None = None) -> int:
        """POST an update to the registered webhook (as Telegram does); returns HTTP status."""
        import aiohttp

        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        target = url or self.webhook["url"]
        token = self.webhook["secret_token"] if secret is None else secret
        headers = {"X-Telegram-Bot-Api-Secret-Token": token} if token else {}
        async with aiohttp.ClientSession() as session, session.post(
            target, json=update, headers=headers
        ) as resp:
            return resp.status

    # ---- control API (for out-of-process use) ---------------------------------------------

    async def _handle_control(self, request: web.Request) -> web.StreamResponse:
        action = request.match_info["action"]
        body: dict[str, Any] = {}
        if request.method == "POST" and request.can_read_body:
            body = await request.json()
        q = request.query
        if action == "stats":
            return web.json_response(self.stats())
        if action == "calls":
            calls = [c.as_json() for c in self.calls
                     if ("method" not in q or c.method == q["method"])
                     and ("chat_id" not in q or c.chat_id == q["chat_id"])]
            return web.json_response(calls)
        if action == "sent":
            sent = [{"chat_id": s.chat_id, "message_id": s.message_id, "method": s.method,
                     "text": s.text, "buttons": s.button_rows()}
                    for s in self.sent_to(q.get("chat_id"))]
            return web.json_response(sent)
        if action == "updates":
            ids = [self._push_spec(spec) for spec in body.get("updates", [body])]
            return web.json_response({"update_ids": ids})
        if action == "fail":
            rule = self.fail(**body)
            return web.json_response(asdict(rule))
        if action == "limits":
            enabled = body.pop("enabled", True)
            self.set_rate_limits(RateLimits(**body) if enabled else None)
            return web.json_response({"enabled": enabled})
        if action == "hold_offsets":
            self.hold_offsets(bool(body.get("hold", True)))
            return web.json_response({"holding": self.holding_offsets})
        if action == "latency":
            self.latency = float(body.get("seconds", 0))
            return web.json_response({"latency": self.latency})
        if action == "chat_admins":
            self.set_chat_admins(body["chat_id"], body["user_ids"])
            return web.json_response({"ok": True})
        if action == "reset":
            self.reset()
            return web.json_response({"ok": True})
        return web.json_response({"error": f"unknown control action {action}"}, status=404)

    def _push_spec(self, spec: dict[str, Any]) -> int:
        kind = spec.pop("kind", "raw")
        if kind == "raw":
            return self.push_update(spec["update"])
        if kind == "text":
            return self.push_text(**spec)
        if kind == "document":
            content = base64.b64decode(spec.pop("content_b64"))
            return self.push_document(content=content, **spec)
        if kind == "callback":
            return self.push_callback(**spec)
        if kind == "sticker":
            return self.push_sticker(**spec)
        raise ValueError(f"unknown update kind {kind}")


async def _serve(args: argparse.Namespace) -> None:
    limits = (RateLimits(args.overall_per_sec, args.group_per_min, args.chat_per_sec)
              if args.enforce_limits else None)
    fake = FakeTelegram(token=args.token or None, host=args.host, port=args.port,
                        max_poll_wait=args.max_poll_wait, rate_limits=limits,
                        latency=args.latency)
    await fake.start()
    print(f"READY {fake.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await fake.stop()


def main(argv: list[str] | None = None) -> None:
    """Run the fake as a process: python -m tests.fakes.telegram_api --port N."""
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="'' accepts any token")
    parser.add_argument("--enforce-limits", action="store_true")
    parser.add_argument("--overall-per-sec", type=int, default=30)
    parser.add_argument("--group-per-min", type=int, default=20)
    parser.add_argument("--chat-per-sec", type=int, default=1)
    parser.add_argument("--max-poll-wait", type=float, default=1.0)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args(argv)
    asyncio.run(_serve(args))
    sys.exit(0)


if __name__ == "__main__":
    main()
