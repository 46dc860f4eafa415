"""Fault injection for reliability tests: failing answers, delays, dropped connections.

Injected failures are recorded with ``kind == "injected"`` and never count as rejections.
"""

from __future__ import annotations

import copy
from collections import deque
from dataclasses import dataclass

from .errors import CONFLICT_GET_UPDATES, INJECTED, ApiError
from .state import World

_STATUS_TEXT = {
    400: "Bad Request: injected failure",
    401: "Unauthorized",
    403: "Forbidden: injected failure",
    404: "Not Found",
    409: CONFLICT_GET_UPDATES,
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    """One injected failure; ``kind`` is "fail", "drop" or "drop_after"."""

    kind: str
    error: ApiError | None = None


class FaultInjection:
    """Mixin with the fault switches of :class:`FakeTelegram` (all thread-safe)."""

    _world: World
    _faults: dict[str, deque[Fault]]
    _delays: dict[str, float]
    _conflict: bool

    def fail_next(
        self,
        method: str,
        n: int = 1,
        *,
        status: int | None = None,
        error_code: int | None = None,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``n`` calls of ``method`` (``"*"``: any method) with an error.

        ``fail_next("sendMessage")`` gives a 502 Bad Gateway; ``error_code=429`` (or
        ``retry_after=N``) a "Too Many Requests: retry after N" with ``parameters.retry_after``
        (PTB raises RetryAfter); any other ``status``/``error_code`` works too.  The call is not
        carried out.  Injected failures are recorded but are not rejections.
        """
        if retry_after is not None or error_code == 429 or status == 429:
            seconds = 1 if retry_after is None else retry_after
            error = ApiError(
                f"Too Many Requests: retry after {seconds}",
                429,
                parameters={"retry_after": seconds},
                kind=INJECTED,
            )
        else:
            http_status = status or error_code or 502
            code = error_code or http_status
            text = description or _STATUS_TEXT.get(code, f"Error {code}")
            error = ApiError(text, http_status, kind=INJECTED, error_code=code)
        self._add_faults(method, n, Fault("fail", error))

    def drop_connection_next(
        self, method: str, n: int = 1, *, after_processing: bool = False
    ) -> None:
        """Close the connection without answering the next ``n`` calls of ``method``.

        With ``after_processing=True`` the call takes effect first (e.g. the message *is*
        sent) and only the answer is lost — the case that makes naive retries send twice.
        """
        self._add_faults(method, n, Fault("drop_after" if after_processing else "drop"))

    def delay(self, method: str, seconds: float) -> None:
        """Delay every call of ``method`` (``"*"``: all) by ``seconds``; 0 removes the delay."""
        with self._world.lock:
            if seconds > 0:
                self._delays[method.lower()] = seconds
            else:
                self._delays.pop(method.lower(), None)

    def conflict_getupdates(self, enabled: bool = True) -> None:
        """Make every getUpdates answer 409 "Conflict: terminated by other getUpdates request"."""
        with self._world.lock:
            self._conflict = enabled

    def clear_faults(self) -> None:
        """Remove all pending failures, delays and the getUpdates conflict."""
        with self._world.lock:
            self._faults.clear()
            self._delays.clear()
            self._conflict = False

    def _add_faults(self, method: str, n: int, fault: Fault) -> None:
        with self._world.lock:
            queue = self._faults.setdefault(method.lower(), deque())
            queue.extend(copy.copy(fault) for _ in range(n))

    def _take_fault(self, lowered: str) -> Fault | None:
        with self._world.lock:
            for key in (lowered, "*"):
                queue = self._faults.get(key)
                if queue:
                    return queue.popleft()
        return None
