"""A real SMTP server on loopback (aiosmtpd) that records messages and answers 4xx/5xx on demand."""

import asyncio
import socket
import threading
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
    """

    def __init__(self):
        self.messages = []
        self.answers: list[str] = []
        self.block_next = 0
        self.blocked = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            answer = self.answers.pop(0) if self.answers else None
            block = self.block_next > 0
            if block:
                self.block_next -= 1
        if block:
            self.blocked.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Held and dropped"
        if answer:
            return answer
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content))
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
