"""A fake Zalo Bot API server (aiohttp, 127.0.0.1) for tests and e2e runs.

Shapes follow the public Zalo Bot API documentation as far as it goes; what we had to assume is
written down in docs/zalo.md. Requests: POST ``{root}/bot{token}/{method}`` with a JSON body.
Answers: ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": ...}``.
getUpdates has no offset: it hands out pending events (one per call by default, as documented)
and can be told to hand the same event out again, so clients must dedupe by message id.
Out of process: ``python -m tests.fakes.zalo_api --port 0`` prints ``READY <port>``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import secrets
import signal
import sys
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.common import Call, FailureBook, FailureRule, PollWaiter, start_site
from tests.waiting import LIMIT

DEFAULT_TOKEN = "1234567890:fake-zalo-access-token"
MAX_TEXT = 2000
EVENTS = {
    "text": "message.text.received",
    "image": "message.image.received",
    "sticker": "message.sticker.received",
    "unsupported": "message.unsupported.received",
}


class ZaloError(Exception):
    """An error answer in Zalo's envelope."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description

    def body(self) -> dict[str, Any]:
        """{ok: false, error_code, description}"""
        return {"ok": False, "error_code": self.code, "description": self.description}


@dataclass
class ZaloSent:
    """A message the bot delivered."""

    chat_id: str
    message_id: str
    method: str
    text: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


def _hex_id(n: int = 20) -> str:
    return secrets.token_hex(n // 2)


class FakeZalo:
    """The fake Zalo Bot API server and its state."""

    def __init__(
        self,
        token: str | None = DEFAULT_TOKEN,
        *,
        bot_id: str = "1459232241454765289",
        account_name: str = "bot.ThiDua",
        display_name: str = "Thi đua Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        max_poll_wait: float = 1.0,
        batch: bool = False,
        repeat_each: int = 1,
        errors_as_http_200: bool = False,
        latency: float = 0.0,
        webhook_result: str = "object",
    ) -> None:
        self.token = token or DEFAULT_TOKEN
        self.check_token = token is not None
        self.bot_id = bot_id
        self.account_name = account_name
        self.display_name = display_name
        self.host = host
        self.port = port
        self.max_poll_wait = max_poll_wait
        self.batch = batch  # True: getUpdates returns a list; False: one event object
        self.repeat_each = repeat_each  # each event is handed out this many times
        self.errors_as_http_200 = errors_as_http_200
        self.latency = latency
        # setWebhook's result: "object" ({url, updated_at}, as documented) or "true" (what
        # Zalo has also been seen to answer).
        self.webhook_result = webhook_result
        self.failures = FailureBook()
        self.calls: list[Call] = []
        self.sent: list[ZaloSent] = []
        self.pending: deque[tuple[dict[str, Any], int]] = deque()  # event, serves left
        self.served: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None, "updated_at": 0}
        self.injected: Counter[str] = Counter()
        self.actions: list[dict[str, Any]] = []
        self._poll = PollWaiter()
        self._runner: web.AppRunner | None = None
        self._seq = itertools.count(1)

    # ---- life cycle -------------------------------------------------------------------------

    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("*", "/_control/{action}", self._handle_control)
        return app

    async def start(self) -> FakeZalo:
        """Listen on host:port (0 = a free port)."""
        self._runner, self.port = await start_site(self.app(), self.host, self.port)
        return self

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeZalo:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def root(self) -> str:
        """http://host:port"""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API base in the {base}{token}/{method} form."""
        return f"{self.root}/bot"

    # ---- test helpers -----------------------------------------------------------------------

    def event(self, kind: str, chat_id: str, user_id: str | None = None, *,
              chat_type: str = "PRIVATE", text: str | None = None, name: str = "Cán bộ",
              message_id: str | None = None, **extra: Any) -> dict[str, Any]:
        """Build an event like Zalo's (date in milliseconds)."""
        message: dict[str, Any] = {
            "message_id": message_id or _hex_id(),
            "date": int(time.time() * 1000),
            "chat": {"id": chat_id, "chat_type": chat_type},
            "from": {"id": user_id or chat_id, "display_name": name, "is_bot": False},
        }
        if text is not None:
            message["text"] = text
        message.update(extra)
        return {"event_name": EVENTS.get(kind, kind), "message": message}

    def push_event(self, event: dict[str, Any]) -> str:
        """Queue an event for getUpdates; returns its message id."""
        self.pending.append((event, self.repeat_each))
        self._poll.notify()
        return str(event["message"]["message_id"])

    def push_text(self, chat_id: str, text: str, user_id: str | None = None, **kw: Any) -> str:
        """Queue a text message."""
        return self.push_event(self.event("text", chat_id, user_id, text=text, **kw))

    def push_image(self, chat_id: str, user_id: str | None = None, **kw: Any) -> str:
        """Queue an image message."""
        return self.push_event(self.event(
            "image", chat_id, user_id, photo_url="https://example.invalid/p.jpg", **kw))

    def push_sticker(self, chat_id: str, user_id: str | None = None, **kw: Any) -> str:
        """Queue a sticker message."""
        return self.push_event(self.event("sticker", chat_id, user_id,
                                          sticker="0e078a2fb66a5f34067b", **kw))

    def push_unsupported(self, chat_id: str, user_id: str | None = None, **kw: Any) -> str:
        """Queue a message of a kind the Bot API does not expose (file, voice…)."""
        return self.push_event(self.event("unsupported", chat_id, user_id, **kw))

    def requeue_served(self) -> int:
        """Hand out every already served event again (as Zalo may); returns how many."""
        for ev in self.served:
            self.pending.append((ev, 1))
        n = len(self.served)
        self.served = []
        self._poll.notify()
        return n

    def fail(self, kind: str, method: str | None = None, chat_id: str | None = None,
             times: int = 1, **kw: Any) -> FailureRule:
        """The next `times` matching calls answer with `kind` (429, 401, 403, 404, 500, 400,
        hang)."""
        return self.failures.add(FailureRule(kind=kind, method=method, chat_id=chat_id,
                                             times=times, **kw))

    def sent_to(self, chat_id: str | None = None, method: str | None = None) -> list[ZaloSent]:
        """Delivered messages, optionally for one chat and/or method."""
        return [s for s in self.sent
                if (chat_id is None or s.chat_id == chat_id)
                and (method is None or s.method.lower() == method.lower())]

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls to one method."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def delivered_per_chat(self) -> Counter[str]:
        """How many messages each chat received."""
        return Counter(s.chat_id for s in self.sent)

    async def wait_for(self, predicate: Any, timeout: float = LIMIT) -> None:
        """Wait until predicate() is true (checks the fake's state)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met on the fake Zalo server")
            await asyncio.sleep(0.01)

    def reset(self) -> None:
        """Forget calls, deliveries, failures and counters."""
        self.calls.clear()
        self.sent.clear()
        self.failures.clear()
        self.injected.clear()
        self.actions.clear()

    def stats(self) -> dict[str, Any]:
        """Counters for the control API."""
        return {
            "calls": dict(Counter(c.method for c in self.calls)),
            "delivered": len(self.sent),
            "delivered_per_chat": dict(self.delivered_per_chat()),
            "injected": dict(self.injected),
            "pending_events": len(self.pending),
        }

    # ---- HTTP -------------------------------------------------------------------------------

    def _error(self, err: ZaloError) -> web.Response:
        status = 200 if self.errors_as_http_200 else err.code
        return web.json_response(err.body(), status=status)

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            with contextlib.suppress(ValueError):
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
        call = Call(method=method, params=params)
        self.calls.append(call)
        if self.check_token and request.match_info["token"] != self.token:
            call.outcome = "401"
            return self._error(ZaloError(401, "Unauthorized"))
        try:
            result = await self._dispatch(method, params, call)
        except ZaloError as err:
            if call.outcome == "ok":
                call.outcome = str(err.code)
            return self._error(err)
        if result is _NO_RESULT:
            return web.json_response({"ok": True})
        if method.lower() == "getupdates" and (
            request.transport is None or request.transport.is_closing()
        ):
            # The poller went away (its process stopped) while the poll waited: the events
            # never reached anybody, so they stay queued instead of vanishing into the void.
            self._unserve(result if isinstance(result, list) else [result])
        return web.json_response({"ok": True, "result": result})

    def _unserve(self, events: list[dict[str, Any]]) -> None:
        for ev in reversed(events):
            if any(e is ev for e in self.served):
                self.served = [e for e in self.served if e is not ev]
            self.pending.appendleft((ev, 1))

    async def _dispatch(self, method: str, p: dict[str, Any], call: Call) -> Any:
        if self.latency and method != "getUpdates":
            await asyncio.sleep(self.latency)
        rule = self.failures.take(method, call.chat_id)
        if rule is not None:
            self.injected[rule.kind] += 1
            call.outcome = rule.kind
            if rule.kind == "hang":
                await asyncio.sleep(rule.hang_seconds)
            else:
                raise _rule_error(rule)
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            raise ZaloError(404, "Method not found")
        return await handler(p)

    async def _m_getme(self, p: dict[str, Any]) -> Any:
        return {"id": self.bot_id, "account_name": self.account_name,
                "display_name": self.display_name, "account_type": "BASIC",
                "can_join_groups": True}

    def _take(self, limit: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while self.pending and len(out) < limit:
            ev, left = self.pending.popleft()
            out.append(ev)
            if left > 1:
                self.pending.append((ev, left - 1))  # handed out again on a later poll
            else:
                self.served.append(ev)
        return out

    async def _m_getupdates(self, p: dict[str, Any]) -> Any:
        if self.webhook["url"]:
            raise ZaloError(409, "Webhook is active; call deleteWebhook before getUpdates")
        timeout = float(p.get("timeout") or 30)
        limit = 100 if self.batch else 1
        events = self._take(limit)
        if not events:
            await self._poll.wait(min(timeout, self.max_poll_wait))
            events = self._take(limit)
        if not events:
            raise ZaloError(408, "Request timeout")
        return events if self.batch else events[0]

    def _chat(self, p: dict[str, Any]) -> str:
        chat = p.get("chat_id")
        if not chat:
            raise ZaloError(400, "chat_id is required")
        return str(chat)

    def _deliver(self, method: str, p: dict[str, Any], text: str) -> dict[str, Any]:
        msg_id = f"{next(self._seq):04d}{_hex_id(16)}"
        self.sent.append(ZaloSent(chat_id=self._chat(p), message_id=msg_id, method=method,
                                  text=text, params=p))
        return {"message_id": msg_id, "date": int(time.time() * 1000)}

    async def _m_sendmessage(self, p: dict[str, Any]) -> Any:
        self._chat(p)
        text = p.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            raise ZaloError(400, f"text must be 1 to {MAX_TEXT} characters")
        return self._deliver("sendMessage", p, text)

    async def _m_sendphoto(self, p: dict[str, Any]) -> Any:
        self._chat(p)
        photo = p.get("photo")
        if not isinstance(photo, str) or not photo.startswith(("http://", "https://")):
            raise ZaloError(400, "photo must be an image URL")
        caption = p.get("caption") or ""
        if len(caption) > MAX_TEXT:
            raise ZaloError(400, f"caption must be at most {MAX_TEXT} characters")
        return self._deliver("sendPhoto", p, caption)

    async def _m_sendsticker(self, p: dict[str, Any]) -> Any:
        self._chat(p)
        return self._deliver("sendSticker", p, "")

    async def _m_sendchataction(self, p: dict[str, Any]) -> Any:
        self._chat(p)
        if p.get("action") not in ("typing", "upload_photo"):
            raise ZaloError(400, "action must be typing or upload_photo")
        self.actions.append(p)
        return _NO_RESULT

    async def _m_setwebhook(self, p: dict[str, Any]) -> Any:
        url = str(p.get("url") or "")
        secret = str(p.get("secret_token") or "")
        if not url.startswith(("https://", "http://")):
            raise ZaloError(400, "url must be an HTTPS URL")
        if not 8 <= len(secret) <= 256:
            raise ZaloError(400, "secret_token must be 8 to 256 characters")
        self.webhook = {"url": url, "secret_token": secret,
                        "updated_at": int(time.time() * 1000)}
        if self.webhook_result == "true":
            return True
        return {"url": url, "updated_at": self.webhook["updated_at"]}

    async def _m_deletewebhook(self, p: dict[str, Any]) -> Any:
        self.webhook = {"url": "", "secret_token": None, "updated_at": int(time.time() * 1000)}
        return {"url": "", "updated_at": self.webhook["updated_at"]}

    async def _m_getwebhookinfo(self, p: dict[str, Any]) -> Any:
        return {"url": self.webhook["url"], "updated_at": self.webhook["updated_at"]}

    async def deliver_webhook(self, event: dict[str, Any], secret: str | None = None,
                              url: str | None = None) -> int:
        """POST an event to the registered webhook; returns the HTTP status."""
        import aiohttp

        target = url or self.webhook["url"]
        token = self.webhook["secret_token"] if secret is None else secret
        headers = {"X-Bot-Api-Secret-Token": token} if token else {}
        async with aiohttp.ClientSession() as session, session.post(
            target, json={"ok": True, "result": event}, headers=headers
        ) as resp:
            return resp.status

    # ---- control API -------------------------------------------------------------------------

    async def _handle_control(self, request: web.Request) -> web.StreamResponse:
        action = request.match_info["action"]
        body: dict[str, Any] = {}
        if request.method == "POST" and request.can_read_body:
            body = await request.json()
        if action == "stats":
            return web.json_response(self.stats())
        if action == "sent":
            chat = request.query.get("chat_id")
            return web.json_response([
                {"chat_id": s.chat_id, "message_id": s.message_id, "method": s.method,
                 "text": s.text} for s in self.sent_to(chat)])
        if action == "events":
            kind = body.pop("kind", "text")
            ev = self.event(kind, **body)
            return web.json_response({"message_id": self.push_event(ev)})
        if action == "fail":
            return web.json_response(asdict(self.fail(**body)))
        if action == "requeue":
            return web.json_response({"requeued": self.requeue_served()})
        if action == "reset":
            self.reset()
            return web.json_response({"ok": True})
        return web.json_response({"error": f"unknown control action {action}"}, status=404)


_NO_RESULT = object()


def _rule_error(rule: FailureRule) -> ZaloError:
    kind = rule.kind
    messages = {
        "429": "Quota exceeded: too many requests",
        "401": "Unauthorized: invalid bot token",
        "403": "Forbidden: the bot cannot send to this chat",
        "404": "Chat not found",
        "500": "Internal server error",
        "400": "Bad request",
    }
    if kind not in messages:
        raise ValueError(f"unknown failure kind {kind}")
    return ZaloError(int(kind), rule.description or messages[kind])


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeZalo(token=args.token or None, host=args.host, port=args.port,
                    max_poll_wait=args.max_poll_wait, batch=args.batch,
                    repeat_each=args.repeat_each, latency=args.latency,
                    webhook_result=args.webhook_result)
    await fake.start()
    print(f"READY {fake.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await fake.stop()


def main(argv: list[str] | None = None) -> None:
    """Run the fake as a process: python -m tests.fakes.zalo_api --port N."""
    parser = argparse.ArgumentParser(description="Fake Zalo Bot API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="'' accepts any token")
    parser.add_argument("--max-poll-wait", type=float, default=1.0)
    parser.add_argument("--batch", action="store_true")
    parser.add_argument("--repeat-each", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--webhook-result", choices=("object", "true"), default="object")
    args = parser.parse_args(argv)
    asyncio.run(_serve(args))
    sys.exit(0)


if __name__ == "__main__":
    main()

