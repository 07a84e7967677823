"""The composition root of `thiduabot run`: one asyncio process with every configured platform.

settings → database (Alembic upgrade) → bundled samples → conversation Router (knowledge base
inside) → platforms (Telegram and/or Zalo when their tokens are set, else the console chat) →
scheduler ticks (APScheduler driving planning and delivery through the platforms' transports).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic import SecretStr
from sqlalchemy.engine import Engine

from bot import platform_texts
from bot.clock import Clock
from bot.db import open_with_samples
from bot.platform import ChatBackend, CommandLike, ConversationRouter
from bot.settings import Settings
from bot.supervisor import PlatformSupervisor
from scheduler.dispatch_config import DispatchConfig
from scheduler.pacing import Pacer, default_limits
from scheduler.service import SchedulerService
from scheduler.transport import Transport

if TYPE_CHECKING:
    from handlers.router import Router

log = logging.getLogger(__name__)


def build_router(settings: Settings, engine: Engine) -> Router:
    """The conversation (handlers.Router) over this database, admins and limits."""
    from handlers.router import Router
    from handlers.services import Services

    services = Services.create(
        engine,
        admins=settings.admin_ids(),
        max_file_bytes=settings.max_file_bytes,
        tz=settings.tz,
        question_retention_days=settings.question_retention_days,
        public_url=settings.public_url,
        http_enabled=settings.http_port is not None,
    )
    return Router(services)


def command_specs() -> Sequence[CommandLike]:
    """The command list for the platforms' menus."""
    from handlers.commands import COMMANDS

    return COMMANDS


@dataclass
class BotApp:
    """Everything `thiduabot run` runs, wired together; start() and stop() in order."""

    settings: Settings
    clock: Clock
    engine: Engine
    router: ConversationRouter
    platforms: list[ChatBackend] = field(default_factory=list)
    ticks: SchedulerService | None = None
    health: Any = None  # bot.health.HealthServer when THIDUABOT_HTTP_PORT is set
    delivery_health: Any = None  # bot.health.DeliveryHealth: degraded while sends fail
    supervisor: PlatformSupervisor = field(default_factory=lambda: PlatformSupervisor([]))
    warm_up: Callable[[], None] | None = None  # opens the knowledge base ahead of questions
    _alerts: set[asyncio.Task[None]] = field(default_factory=set)
    _warming: asyncio.Task[None] | None = None

    @property
    def transports(self) -> dict[str, Transport]:
        """The platforms by name, as the scheduler sends through them."""
        return {backend.platform: backend for backend in self.platforms}

    @property
    def console(self) -> bool:
        """True when no platform is configured: the console chat runs instead."""
        return not self.platforms

    async def start(self) -> None:
        """Start the platforms (each on its own: one failing never stops the others), ticks."""
        if self.warm_up is not None:
            # In a thread while the platforms make their start-up calls: the first question
            # after a restart then finds the knowledge base open instead of waiting for it.
            self._warming = asyncio.create_task(asyncio.to_thread(self._warm, self.warm_up))
        self.supervisor = PlatformSupervisor(self.platforms)
        for platform in self.platforms:
            if hasattr(platform, "health"):
                platform.health = self._reporter(platform.platform)
        await self.supervisor.start()
        states = self.supervisor.states()
        if states:
            log.info("platforms: %s", ", ".join(f"{n}={s.state}" for n, s in states.items()))
        if self.delivery_health is not None:
            for name, state in states.items():
                if state.state == "running":
                    self.delivery_health.started(name)
        if self.ticks is not None:
            await self.ticks.start()
        if self.health is not None:
            await self.health.start()

    @staticmethod
    def _warm(warm_up: Callable[[], None]) -> None:
        try:
            warm_up()
        except Exception:  # the first question opens it again and reports what is wrong
            log.exception("opening the knowledge base ahead of questions failed")

    async def stop(self) -> None:
        """Stop the ticks first (no new sends), then the platforms, then the database."""
        if self.health is not None:
            await self.health.stop()
        if self.ticks is not None:
            await self.ticks.stop()
        await self.supervisor.stop()
        if self._warming is not None:
            await self._warming  # a thread cannot be cancelled; it ends on its own
        self.engine.dispose()

    def token_rejected(self, platform: str) -> None:
        """A platform's token was rejected: degraded, and every bot admin is told elsewhere."""
        self.supervisor.report(platform, "the bot token was rejected (getMe); outbox paused")
        task = asyncio.get_running_loop().create_task(self._alert_admins(platform))
        self._alerts.add(task)
        task.add_done_callback(self._alerts.discard)

    async def _alert_admins(self, platform: str) -> None:
        from scheduler.transport import OutgoingMessage

        text = platform_texts.token_rejected(platform)
        for admin_platform, admin_id in sorted(self.settings.admin_ids()):
            transport = self.transports.get(admin_platform)
            if transport is None or admin_platform == platform:
                continue  # the broken platform cannot carry its own alert
            try:
                await transport.send(admin_id, OutgoingMessage(text=text))
            except Exception as exc:
                log.warning("alerting admin %s:%s failed: %s", admin_platform, admin_id,
                            type(exc).__name__)

    def _reporter(self, name: str) -> Callable[[str | None], None]:
        def report(reason: str | None) -> None:
            self.supervisor.report(name, reason)

        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Run until `stop` is set (or, with the console chat, until its input ends)."""
        await self.start()
        try:
            if self.console:
                await self._run_console(stop)
            else:
                await stop.wait()
        finally:
            await self.stop()

    async def _run_console(self, stop: asyncio.Event) -> None:
        from bot.console import ConsoleChat

        # ConsoleChat is typed for handlers' Router; any ConversationRouter does.
        files = Path(self.settings.output_dir).resolve()
        chat = ConsoleChat(cast(Any, self.router), self.clock.now, files_dir=files)
        from knowledge.documents.first_run import all_campaigns_ended

        with self.engine.connect() as conn:
            ended = all_campaigns_ended(conn, self.clock.now().date())
        if ended is not None:
            chat.print(ended.text_vi(console=True))
        console = asyncio.create_task(chat.run())
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({console, stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in (console, stopper):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _configured(token: SecretStr | None) -> bool:
    """A token is configured when set and not blank (an empty variable means "off")."""
    return token is not None and bool(token.get_secret_value().strip())


def build_app(
    settings: Settings,
    clock: Clock,
    *,
    db_url: str | None = None,
    router: ConversationRouter | None = None,
    commands: Sequence[CommandLike] | None = None,
    ticks: bool = True,
    pacer: Pacer | None = None,
) -> BotApp:
    """Wire the bot from settings; `router`/`commands`/`pacer` may be given (tests)."""
    # One pacer for live replies and the outbox: they share each platform's limits.
    pacer = pacer if pacer is not None else Pacer(default_limits(settings.telegram_paid_broadcast))
    engine = open_with_samples(db_url or settings.database_url, clock.now(), settings)
    warm_up = None
    if router is None:
        conversation = build_router(settings, engine)
        router, warm_up = conversation, conversation.warm_up
    menu = commands if commands is not None else command_specs()
    app = BotApp(settings=settings, clock=clock, engine=engine, router=router)
    if _configured(settings.telegram_token) or _configured(settings.zalo_token):
        app.warm_up = warm_up  # the console opens it on its first question, as `ask` does

    if _configured(settings.telegram_token):
        from bot.telegram.adapter import TelegramAdapter

        app.platforms.append(
            TelegramAdapter(settings, router, clock, menu, engine=engine, pacer=pacer)
        )
    if _configured(settings.zalo_token):
        from bot.zalo.adapter import ZaloAdapter

        app.platforms.append(ZaloAdapter(settings, router, clock, engine, pacer=pacer))
    for backend in app.platforms:
        backend.guard.on_rejected = app.token_rejected
    observe = _wire_health(app) if settings.http_port is not None else None
    if ticks:
        # Exactly two APScheduler ticks (plan, dispatch); on PostgreSQL one process at a time
        # dispatches (advisory lock), and a dead process's claims are reaped by the next.
        app.ticks = SchedulerService(
            engine,
            app.transports,  # each backend receives, answers and carries the scheduler's sends
            clock.now,
            plan_every=dt.timedelta(minutes=1),
            pacer=pacer,
            config=DispatchConfig(observe=observe),
            officers=settings.admin_ids(),
            tz=settings.tz,
        )
    return app


def platform_states(app: BotApp) -> dict[str, Any]:
    """What /healthz reports: the supervisor's state (start-up, auth and shape faults), and for
    a platform it calls running, the delivery reporter's (degraded while sends fail)."""
    states: dict[str, Any] = dict(app.supervisor.states())
    delivered = app.delivery_health() if app.delivery_health is not None else {}
    for name, state in delivered.items():
        if states.get(name) is None or states[name].state == "running":
            states[name] = state
    return states


def _wire_health(app: BotApp) -> Callable[[str, str, str], None]:
    """The /healthz and /metrics server; returns the dispatcher's delivery observer.

    Platform states: `platform_states` (the supervisor, refined by delivery outcomes).
    """
    from bot.health import DeliveryHealth, HealthServer, Metrics
    from handlers.questions import ANSWER_OBSERVERS

    metrics = Metrics()
    metrics.add_database(app.engine)
    app.delivery_health = DeliveryHealth()
    ANSWER_OBSERVERS.append(metrics.observe_answer)
    assert app.settings.http_port is not None
    app.health = HealthServer(
        app.engine,
        metrics,
        lambda: platform_states(app),
        last_tick=lambda: app.ticks.last_tick if app.ticks is not None else None,
        host=app.settings.http_listen,
        port=app.settings.http_port,
    )
    app.health.calendar_feed = _calendar_feed(app)
    health = app.delivery_health

    def observe(platform: str, kind: str, outcome: str) -> None:
        metrics.observe_delivery(platform, kind, outcome)
        health.observe_delivery(platform, kind, outcome)

    return observe


def _calendar_feed(app: BotApp) -> Callable[[str], bytes | None]:
    """GET /lich/<token>.ics: the chat's calendar built at request time, on the bot's clock."""
    from handlers.calendar_ics import feed_for_token

    def feed(token: str) -> bytes | None:
        return feed_for_token(app.engine, token, app.clock.now(), app.settings.tz)

    return feed


async def run_bot(
    settings: Settings,
    clock: Clock,
    *,
    db_url: str | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Build and run the bot until `stop` is set (SIGINT/SIGTERM in `thiduabot run`)."""
    app = build_app(settings, clock, db_url=db_url)
    await app.run(stop or asyncio.Event())
