"""Health and metrics over HTTP (`THIDUABOT_HTTP_PORT`): `GET /healthz` and `GET /metrics`,
and the chats' calendar feeds, `GET /lich/<token>.ics` (handlers/calendar_ics.py).

`/healthz` answers JSON: whether the database answers, each platform's state, the outbox depth
and the age of the scheduler's last tick; HTTP 503 when the database is unreachable, a platform
is not running, or the scheduler has not ticked for `max_tick_age` seconds. `/metrics` is the
Prometheus text format (prometheus-client): delivery counters by platform and kind, 429s, the
outbox depth, the answer latency histogram, unanswered questions, documents and campaigns.

The platform states come from an injected callable (`platform_states`), so whatever supervises
the platforms can report them; `DeliveryHealth` is a simple default built from send outcomes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
QUEUED = ("pending", "claimed")


class PlatformStateLike(Protocol):
    """What the health check reads of a platform's state (bot.supervisor.PlatformState)."""

    @property
    def name(self) -> str: ...

    @property
    def state(self) -> str:  # "starting" | "running" | "degraded" | "stopped"
        ...

    @property
    def reason(self) -> str | None: ...

    @property
    def since(self) -> dt.datetime: ...


PlatformStates = Callable[[], Mapping[str, PlatformStateLike]]


@dataclass(frozen=True)
class SimpleState:
    """A platform's state as the default reporter sees it."""

    name: str
    state: str
    reason: str | None
    since: dt.datetime


class Metrics:
    """The bot's Prometheus metrics, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        labels = ("platform", "kind")
        self.sent = Counter(
            "thiduabot_messages_sent", "Outbox messages sent", labels, registry=self.registry
        )
        self.failed = Counter(
            "thiduabot_messages_failed",
            "Outbox messages given up on (failed) or cancelled (chat gone)",
            labels,
            registry=self.registry,
        )
        self.retried = Counter(
            "thiduabot_messages_retried",
            "Send attempts rescheduled after a transient error",
            labels,
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "thiduabot_rate_limited",
            "429 (retry after) answers from a platform",
            ("platform",),
            registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "thiduabot_answer_seconds",
            "Time to answer one question",
            ("platform",),
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=self.registry,
        )
        self.unanswered = Counter(
            "thiduabot_unanswered_questions",
            "Questions the knowledge base could not answer",
            ("platform",),
            registry=self.registry,
        )

    def observe_delivery(self, platform: str, kind: str, outcome: str) -> None:
        """One send attempt's outcome (scheduler.dispatcher's observer)."""
        if outcome == "sent":
            self.sent.labels(platform, kind).inc()
        elif outcome in ("failed", "cancelled"):
            self.failed.labels(platform, kind).inc()
        elif outcome == "retried":
            self.retried.labels(platform, kind).inc()
        elif outcome == "rate_limited":
            self.rate_limited.labels(platform).inc()

    def observe_answer(self, platform: str, answered: bool, seconds: float) -> None:
        """One answered (or refused) question (handlers.questions' observer)."""
        self.answer_seconds.labels(platform).observe(seconds)
        if not answered:
            self.unanswered.labels(platform).inc()

    def add_database(self, engine: Engine) -> None:
        """Gauges read from the database at each scrape: outbox, documents, campaigns."""
        self.registry.register(_DatabaseCollector(engine))


class _DatabaseCollector(Collector):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Any:
        try:
            stats = database_stats(self.engine)
        except Exception:
            log.warning("metrics: database unreachable", exc_info=True)
            return
        outbox = GaugeMetricFamily(
            "thiduabot_outbox_messages",
            "Outbox rows by platform, kind and status",
            labels=["platform", "kind", "status"],
        )
        for (platform, kind, status), n in sorted(stats["outbox"].items()):
            outbox.add_metric([platform, kind, status], n)
        yield outbox
        depth = GaugeMetricFamily("thiduabot_outbox_depth", "Messages waiting to be sent")
        depth.add_metric([], stats["depth"])
        yield depth
        docs = GaugeMetricFamily("thiduabot_documents", "Documents by status", labels=["status"])
        for status, n in sorted(stats["documents"].items()):
            docs.add_metric([status], n)
        yield docs
        camps = GaugeMetricFamily("thiduabot_campaigns", "Campaigns of published documents")
        camps.add_metric([], stats["campaigns"])
        yield camps


def database_stats(engine: Engine) -> dict[str, Any]:
    """Outbox rows by (platform, kind, status), the depth, documents by status, campaigns."""
    with engine.connect() as conn:
        outbox = {
            (str(p), str(k), str(s)): int(n)
            for p, k, s, n in conn.execute(
                text("SELECT platform, kind, status, count(*) FROM outbox GROUP BY 1, 2, 3")
            )
        }
        documents = {
            str(s): int(n)
            for s, n in conn.execute(text("SELECT status, count(*) FROM document GROUP BY 1"))
        }
        campaigns = int(
            conn.execute(
                text(
                    "SELECT count(*) FROM campaign c JOIN document d ON d.id = c.document_id "
                    "WHERE d.status = 'published'"
                )
            ).scalar_one()
        )
    depth = sum(n for (_, _, s), n in outbox.items() if s in QUEUED)
    return {"outbox": outbox, "depth": depth, "documents": documents, "campaigns": campaigns}


class DeliveryHealth:
    """Default platform states: a started platform is running, degraded while its latest send
    attempts failed (a transient error, a give-up or a 429), running again after a success."""

    def __init__(self, now: Callable[[], dt.datetime] | None = None) -> None:
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.states: dict[str, SimpleState] = {}

    def started(self, platform: str) -> None:
        """A platform finished starting."""
        self.states[platform] = SimpleState(platform, "running", None, self.now())

    def stopped(self, platform: str) -> None:
        """A platform was stopped."""
        self.states[platform] = SimpleState(platform, "stopped", None, self.now())

    def observe_delivery(self, platform: str, kind: str, outcome: str) -> None:
        """Track the platform's latest send outcome."""
        current = self.states.get(platform)
        if current is None:  # started after the others (the supervisor retried it)
            current = self.states[platform] = SimpleState(platform, "running", None, self.now())
        if current.state == "stopped":
            return
        if outcome == "sent" and current.state != "running":
            self.states[platform] = SimpleState(platform, "running", None, self.now())
        elif outcome in ("retried", "failed", "rate_limited"):
            reason = {
                "retried": "gửi tin lỗi tạm thời, đang thử lại",
                "failed": "gửi tin thất bại",
                "rate_limited": "nền tảng yêu cầu chờ (429)",
            }[outcome]
            if current.state != "degraded" or current.reason != reason:
                self.states[platform] = SimpleState(platform, "degraded", reason, self.now())

    def __call__(self) -> Mapping[str, PlatformStateLike]:
        return dict(self.states)


class HealthServer:
    """The aiohttp server behind /healthz and /metrics."""

    def __init__(
        self,
        engine: Engine,
        metrics: Metrics,
        platform_states: PlatformStates,
        *,
        last_tick: Callable[[], float | None] = lambda: None,
        max_tick_age: float = 120.0,
        host: str = "0.0.0.0",
        port: int = 0,
        calendar_feed: Callable[[str], bytes | None] | None = None,
    ) -> None:
        self.engine = engine
        self.calendar_feed = calendar_feed  # token -> .ics (None: unknown), blocking
        self.metrics = metrics
        self.platform_states = platform_states
        self.last_tick = last_tick
        self.max_tick_age = max_tick_age
        self.host = host
        self.port = port
        self.started_at = time.monotonic()
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        """The routes, also mountable on another aiohttp application."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        if self.calendar_feed is not None:
            app.router.add_get("/lich/{name}", self._calendar)
        return app

    async def start(self) -> None:
        """Listen on host:port (port 0 picks a free one, read back into `port`)."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        if self.port == 0 and server is not None:
            self.port = int(server.sockets[0].getsockname()[1])  # type: ignore[attr-defined]
        log.info("health and metrics on http://%s:%d (/healthz, /metrics)", self.host, self.port)

    async def stop(self) -> None:
        """Close the server."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def report(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, the JSON body) — blocking: reads the database."""
        body: dict[str, Any] = {}
        problems: list[str] = []
        try:
            stats = database_stats(self.engine)
            body["database"] = {"reachable": True}
            body["outbox_depth"] = stats["depth"]
        except Exception as exc:
            body["database"] = {"reachable": False, "error": exc.__class__.__name__}
            body["outbox_depth"] = None
            problems.append("cơ sở dữ liệu không truy cập được")
        platforms: dict[str, Any] = {}
        for key, st in sorted(self.platform_states().items()):
            platforms[key] = {
                "state": st.state,
                "reason": st.reason,
                "since": st.since.isoformat(),
            }
            if st.state != "running":
                problems.append(f"{key}: {st.state}" + (f" ({st.reason})" if st.reason else ""))
        body["platforms"] = platforms
        tick = self.last_tick()
        age = None if tick is None else round(time.monotonic() - tick, 3)
        body["scheduler"] = {"last_tick_age_seconds": age}
        waited = time.monotonic() - self.started_at
        if (age if age is not None else waited) > self.max_tick_age:
            problems.append("bộ lập lịch không chạy")
        body["status"] = "ok" if not problems else "unhealthy"
        body["problems"] = problems
        return not problems, body

    async def _healthz(self, _request: web.Request) -> web.Response:
        healthy, body = await asyncio.to_thread(self.report)
        return web.json_response(body, status=200 if healthy else 503)

    async def _calendar(self, request: web.Request) -> web.Response:
        """GET /lich/<token>.ics: the chat's calendar as of now; 404 for anything unknown."""
        assert self.calendar_feed is not None
        name = request.match_info["name"]
        body = None
        if name.endswith(".ics"):
            body = await asyncio.to_thread(self.calendar_feed, name[: -len(".ics")])
        if body is None:
            return web.Response(status=404, text="Not found")
        return web.Response(
            body=body,
            headers={
                "Content-Type": "text/calendar; charset=utf-8",
                # A secret URL: keep it out of shared caches; calendar apps poll it anyway.
                "Cache-Control": "private, max-age=300",
            },
        )

    async def _metrics(self, _request: web.Request) -> web.Response:
        data = await asyncio.to_thread(generate_latest, self.metrics.registry)
        return web.Response(body=data, headers={"Content-Type": CONTENT_TYPE})
