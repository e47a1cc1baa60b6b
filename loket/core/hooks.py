"""Named points where a higher layer plugs in what a lower layer must set off.

The import contract lets ``kandidaten`` and ``vacatures`` use the core but never the desk; yet
a candidate who withdraws consent must have their open proposals withdrawn, and a filled
vacancy must answer the proposals that wait for it. The lower layer declares a ``Hook`` and
calls it inside its own transaction; the desk connects its handler once, in
``DeskConfig.ready()``. Every hook says what it passes, and every handler runs in the caller's
transaction: an error in a handler rolls the whole change back (nothing half-saved).
"""

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str, *, provides: str) -> None:
        self.name = name
        self.provides = provides
        self._handlers: list[Callable[..., Any]] = []

    def connect(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        """Add a handler (once, however often it is connected); usable as a decorator."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    def disconnect(self, handler: Callable[..., Any]) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    def call(self, **kwargs) -> list[Any]:
        """Run every handler with these keyword arguments; returns their results in order."""
        return [handler(**kwargs) for handler in self._handlers]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {self.provides}>"
