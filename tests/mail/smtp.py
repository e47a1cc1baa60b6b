"""A real SMTP server on loopback (aiosmtpd) that records messages and answers 4xx/5xx on demand."""

import asyncio
import socket
import threading
import time
from contextlib import contextmanager
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Answers 250 and records, unless told otherwise.

    ``answers``: replies to give to the next messages instead of accepting them (e.g. "451 ...").
    ``block_next``: hold the next N messages without answering until released (a worker that
    dies while the server is still busy with its message); they are never recorded.
    ``hold_next``: hold the next N messages until released, then accept them (a slow server).
    ``delay``: seconds to think before each answer. ``accepted``: (monotonic time, Message-ID)
    of each accepted message, in order.
    """

    def __init__(self):
        self.messages = []
        self.accepted: list[tuple[float, str]] = []
        self.answers: list[str] = []
        self.block_next = 0
        self.hold_next = 0
        self.delay = 0.0
        self.blocked = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            answer = self.answers.pop(0) if self.answers else None
            block = self.block_next > 0
            if block:
                self.block_next -= 1
            hold = not block and self.hold_next > 0
            if hold:
                self.hold_next -= 1
        if block or hold:
            self.blocked.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            if block:
                return "451 4.3.0 Held and dropped"
        if self.delay:
            await asyncio.sleep(self.delay)
        if answer:
            return answer
        message = message_from_bytes(envelope.original_content)
        with self.lock:
            self.messages.append(message)
            self.accepted.append((time.monotonic(), message["Message-ID"]))
        return "250 2.0.0 Accepted"


@contextmanager
def smtp_server():
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        handler.release.set()
        controller.stop()
