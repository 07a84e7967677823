"""Calendar feed over real HTTP: time of a valid request and of unknown-token 404s.

    PYTHONPATH=. python benchmarks/bench_calendar_feed.py [--n 300]

A chat following every sample campaign (clock 2021-09-01, reports running) gets a token; the
bot's HTTP server (bot.health.HealthServer with the feed route) answers GET requests from an
aiohttp client on 127.0.0.1. Cases, interleaved: the valid token (200), fresh random
well-formed tokens (404: hashed and looked up), and malformed ones (404 before any lookup).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
from sqlmodel import Session

from bot.db import open_database
from bot.health import HealthServer, Metrics
from handlers.calendar_feed import issue_token
from handlers.calendar_ics import feed_for_token
from knowledge.documents.ingest import ensure_samples
from scheduler import subscriptions as subs

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2021, 9, 1, 9, 0, tzinfo=TZ)


async def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{Path(tmp) / 'feed.db'}")
        ensure_samples(engine, NOW)
        with Session(engine) as s:
            chat = subs.get_or_create_chat(s, "telegram", "1", "private", None, NOW)
            subs.subscribe(s, chat, "all", "", NOW)
            assert chat.id is not None
            token = issue_token(s, chat.id, NOW)
            s.commit()
        server = HealthServer(engine, Metrics(), dict, host="127.0.0.1", port=0,
                              calendar_feed=lambda t: feed_for_token(engine, t, NOW, TZ))
        await server.start()
        base = f"http://127.0.0.1:{server.port}/lich/"
        cases = {
            "valid token (200)": lambda: token,
            "unknown token (404)": lambda: secrets.token_urlsafe(32),
            "malformed (404)": lambda: "not*a*token",
        }
        times: dict[str, list[float]] = {k: [] for k in cases}
        sizes: dict[str, int] = {}
        async with aiohttp.ClientSession() as http:
            for _ in range(n):
                for name, make in cases.items():
                    url = base + make() + ".ics"
                    began = time.perf_counter()
                    async with http.get(url) as resp:
                        body = await resp.read()
                    times[name].append(time.perf_counter() - began)
                    sizes[name] = len(body)
        await server.stop()
        engine.dispose()
    print("| request | median ms | p95 ms | body bytes |")
    print("|---|---|---|---|")
    for name, values in times.items():
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        print(f"| {name} | {statistics.median(values) * 1000:.2f} | {p95 * 1000:.2f} | "
              f"{sizes[name]} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    asyncio.run(run(ap.parse_args().n))


if __name__ == "__main__":
    main()
