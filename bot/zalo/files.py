"""Zalo sends pictures by URL only: keep reply files briefly at an unguessable public URL."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from aiohttp import web


@dataclass
class ShelvedFile:
    """One file waiting to be fetched by Zalo (or the user)."""

    filename: str
    content: bytes
    mime_type: str
    expires: float


class FileShelf:
    """Files served under {public_base}/{token}/{filename} for a limited time."""

    def __init__(self, public_base: str, ttl_seconds: float = 3600.0, max_files: int = 200
                 ) -> None:
        self.public_base = public_base.rstrip("/")
        self.ttl = ttl_seconds
        self.max_files = max_files
        self._files: dict[str, ShelvedFile] = {}

    def put(self, filename: str, content: bytes, mime_type: str) -> str:
        """Store a file; returns its public URL."""
        now = time.monotonic()
        self._files = {k: v for k, v in self._files.items() if v.expires > now}
        while len(self._files) >= self.max_files:
            self._files.pop(next(iter(self._files)))
        token = secrets.token_urlsafe(16)
        self._files[token] = ShelvedFile(filename, content, mime_type, now + self.ttl)
        return f"{self.public_base}/{token}/{filename}"

    async def serve(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for GET …/{token}/{name}."""
        item = self._files.get(request.match_info["token"])
        if item is None or item.expires < time.monotonic():
            raise web.HTTPNotFound()
        return web.Response(body=item.content, content_type=item.mime_type,
                            headers={"Content-Disposition": f'inline; filename="{item.filename}"'})
