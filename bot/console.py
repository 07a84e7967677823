"""The console chat: the same conversation as Telegram and Zalo, in a terminal.

Line editing and history come from prompt_toolkit when stdin is a terminal; piped input is read
line by line so scripts and tests can drive it. Buttons are shown as numbered choices (typing the
number presses it) and attached files are saved next to the user with their path printed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import mimetypes
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TextIO

from bot.platform import ConversationRouter
from handlers.messages import Button, Incoming, IncomingDocument, Reply

QUIT_WORDS = {"/quit", "/exit", "/thoat"}
SEND_FILE = "/gui"  # console only: "/gui PATH" sends a file as if uploaded
HISTORY_NAME = ".thiduabot_history"
PROMPT = "Bạn> "


def history_path() -> Path:
    """The history file: in the user's home when writable, else in the working directory."""
    home = Path.home()
    if home.is_dir() and os.access(home, os.W_OK):
        return home / HISTORY_NAME
    return Path.cwd() / HISTORY_NAME


class ConsoleChat:
    """Reads lines, hands them to the Router as one private chat, prints the replies."""

    def __init__(
        self,
        router: ConversationRouter,
        now: Callable[[], dt.datetime],
        *,
        out: TextIO | None = None,
        files_dir: Path | None = None,
        chat_id: str = "console",
        user_id: str = "local",
        user_is_admin: bool = True,
    ) -> None:
        self.router = router
        self.now = now
        self.out = out or sys.stdout
        self.files_dir = files_dir or Path.cwd()
        self.chat_id = chat_id
        self.user_id = user_id
        self.user_is_admin = user_is_admin  # whoever runs the console owns the machine
        self.buttons: list[Button] = []  # the latest reply's choices, numbered from 1

    def _incoming(self, **fields: object) -> Incoming:
        return Incoming(
            platform="console",
            chat_id=self.chat_id,
            user_id=self.user_id,
            chat_kind="private",
            now=self.now(),
            user_is_admin=self.user_is_admin,
            **fields,  # type: ignore[arg-type]
        )

    def incoming_for(self, line: str) -> Incoming | None:
        """Translate one typed line: a number presses a button, /gui sends a file."""
        text = line.strip()
        if text.isdigit() and self.buttons:
            index = int(text) - 1
            if 0 <= index < len(self.buttons):
                return self._incoming(callback_data=self.buttons[index].data)
        if text.split(" ", 1)[0].lower() == SEND_FILE:
            path = Path(text[len(SEND_FILE) :].strip().strip("'\"")).expanduser()
            if not path.is_file():
                self.print(f"Không tìm thấy tệp: {path}")
                return None
            mime, _ = mimetypes.guess_type(path.name)
            document = IncomingDocument(path.name, path.read_bytes(), mime)
            return self._incoming(content="document", document=document)
        return self._incoming(text=text)

    def print(self, text: str = "") -> None:
        """Write a line to the console."""
        self.out.write(text + "\n")
        self.out.flush()

    def render(self, replies: list[Reply]) -> None:
        """Print replies; number their buttons; save attachments to files."""
        buttons: list[Button] = []
        for reply in replies:
            self.print(reply.text)
            for row in reply.buttons:
                for label, data in row:
                    buttons.append(Button(label, data))
                    self.print(f"  [{len(buttons)}] {label}")
            if reply.attachment is not None:
                self.files_dir.mkdir(parents=True, exist_ok=True)
                target = self.files_dir / Path(reply.attachment.filename).name
                target.write_bytes(reply.attachment.content)
                self.print(f"  (tệp đã lưu: {target})")
            self.print()
        # Numbers always refer to the latest reply's choices (none if it had none).
        self.buttons = buttons

    async def lines(self) -> AsyncIterator[str]:
        """Typed lines: prompt_toolkit on a terminal, plain reads when stdin is piped."""
        if sys.stdin.isatty():
            from prompt_toolkit import PromptSession
            from prompt_toolkit.history import FileHistory

            session: PromptSession[str] = PromptSession(history=FileHistory(str(history_path())))
            while True:
                try:
                    yield await session.prompt_async(PROMPT)
                except (EOFError, KeyboardInterrupt):
                    return
        else:
            while True:
                line = await asyncio.to_thread(sys.stdin.readline)
                if not line:
                    return
                yield line.rstrip("\n")

    async def run(self) -> None:
        """The read–answer loop until /quit or end of input."""
        self.print("Trợ lý thi đua — gõ câu hỏi, /help để xem lệnh, /quit để thoát.")
        async for line in self.lines():
            if line.strip().lower() in QUIT_WORDS:
                break
            if not line.strip():
                continue
            incoming = self.incoming_for(line)
            if incoming is None:
                continue
            self.render(await self.router.handle(incoming))
        self.print("Tạm biệt!")
