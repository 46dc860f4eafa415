"""The bot as a process: start, serve until told to stop, then stop within a deadline.

The same steps as PTB's run_polling/run_webhook (initialize, post_init, start fetching
updates, start; then stop fetching, finish the updates fetched, shutdown, post_shutdown), with
what a service needs on top:

- SIGTERM/SIGINT: stop fetching, finish the updates already fetched (answers in flight are
  sent), flush the database, exit 0 — within `STOP_DEADLINE` seconds, even when Telegram is
  slow: whatever is still unfinished then is abandoned (and logged). A second signal stops at
  once.
- 409 Conflict on getUpdates (another instance polls with the same token): Telegram ends
  the older long poll when a newer one arrives, so both instances see 409s. The one that has
  served for `conflict_grace_seconds` (30) keeps serving: it logs a warning and polls again
  after PTB's growing pause (1 s, 1.5 s, ... 30 s), which ends the newcomer's poll. An
  instance that meets a 409 within its first `conflict_grace_seconds` leaves: one log line,
  no further getUpdates, the updates already fetched are answered, exit code 3. So a second
  `twinning-bot run` (a laptop test with the production token, a deploy overlap) leaves, and
  the running bot stays. A webhook set for the token (409 "webhook is active") cannot be
  polled past: the instance leaves whenever it sees that.
- 401 on getUpdates (the token was revoked while running): one log line, exit code 2, as for
  a token rejected at start-up.
- Other polling failures (5xx, timeouts, dropped connections) are retried by PTB's Updater
  with a growing pause (1 s, 1.5 s, ... up to 30 s); no update is lost: Telegram keeps each
  update until a later getUpdates confirms it.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from contextlib import nullcontext

from telegram.error import Conflict, TelegramError

from bot.transport.context import BotApplication
from bot.transport.delivery import PollingRequest, SendingRequest, TokenRevoked

logger = logging.getLogger(__name__)

STOP_DEADLINE = 8.0  # seconds from SIGTERM to the database being closed (Docker allows 10)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
EXIT_OK, EXIT_TOKEN_REVOKED, EXIT_CONFLICT = 0, 2, 3
CONFLICT_MESSAGE = "another instance is polling with this token; stopping"
SERVING_CONFLICT_MESSAGE = (
    "another instance polled with this token (409 Conflict); this one has been serving for "
    "%.0f s and keeps polling: stop the other one"
)
CONFLICT_GRACE = 30.0  # seconds: the default of the conflict_grace_seconds setting
WEBHOOK_CONFLICT_MESSAGE = "a webhook is set for this token (another instance?); stopping"
REVOKED_MESSAGE = "TELEGRAM_BOT_TOKEN was rejected by Telegram (Unauthorized); stopping"

StartUpdates = Callable[[Callable[[TelegramError], None]], Awaitable[object]]


class Phase(enum.Enum):
    STARTING = "starting"
    RUNNING = "running"
    STOPPING = "stopping"


class Supervisor:
    """Why and when the bot stops; the error callback of the polling loop."""

    def __init__(
        self,
        app: BotApplication,
        loop: asyncio.AbstractEventLoop,
        *,
        polling: PollingRequest | None = None,
        conflict_grace: float = CONFLICT_GRACE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app, self.loop = app, loop
        self.polling, self.conflict_grace, self.clock = polling, conflict_grace, clock
        self.started_at = clock()
        self.phase = Phase.STARTING
        self.exit_code: int | None = None
        self.starting: asyncio.Task[None] | None = None
        self.hurry = asyncio.Event()  # a second signal while stopping: stop at once

    def stop(self, exit_code: int) -> None:
        """Stop the bot with `exit_code` (the first reason given wins)."""
        if self.exit_code is None:
            self.exit_code = exit_code
        if self.phase is Phase.RUNNING:
            self.loop.stop()  # run_forever returns; serve() then stops the application
        elif self.phase is Phase.STARTING and self.starting is not None:
            self.starting.cancel()

    def on_signal(self, signum: int) -> None:
        if self.phase is Phase.STOPPING:
            logger.warning("Second %s: stopping now", signal.Signals(signum).name)
            self.hurry.set()
            return
        logger.info("%s received: finishing the updates in progress", signal.Signals(signum).name)
        self.stop(EXIT_OK)

    def on_polling_error(self, error: TelegramError) -> None:
        """PTB's Updater calls this for each failed getUpdates (it must not raise)."""
        if isinstance(error, Conflict):
            webhook = "webhook" in error.message.lower()
            served = self.clock() - self.started_at
            if not webhook and self.phase is Phase.RUNNING and served >= self.conflict_grace:
                # The established instance: PTB polls again after a pause, and that poll
                # ends the newcomer's (which then leaves).
                logger.warning(SERVING_CONFLICT_MESSAGE, served)
                return
            if self.polling is not None:
                self.polling.halt(409)  # before PTB's next poll: never knock the other off
            if self.exit_code is None:
                logger.error(WEBHOOK_CONFLICT_MESSAGE if webhook else CONFLICT_MESSAGE)
            self.stop(EXIT_CONFLICT)
        elif isinstance(error, TokenRevoked):
            if self.exit_code is None:
                logger.error(REVOKED_MESSAGE)
            self.stop(EXIT_TOKEN_REVOKED)
        else:  # the network or Telegram: PTB tries again; the error handler logs it
            self.app.create_task(self.app.process_error(update=None, error=error))


def serve(
    app: BotApplication,
    start_updates: StartUpdates,
    *,
    polling: PollingRequest | None = None,
    conflict_grace: float = CONFLICT_GRACE,
) -> int:
    """Run `app` until a signal or a fatal polling error; return the exit code.

    `start_updates(error_callback)` starts fetching updates (Updater.start_polling or
    start_webhook). Errors while starting (a rejected token, an unreachable API, a taken
    port) propagate after everything started so far is shut down. `polling` is the
    getUpdates connection, halted when this instance leaves after a 409 Conflict met within
    `conflict_grace` seconds of the start.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    supervisor = Supervisor(app, loop, polling=polling, conflict_grace=conflict_grace)
    try:
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, supervisor.on_signal, signum)
        supervisor.starting = loop.create_task(_start(app, start_updates, supervisor))
        try:
            loop.run_until_complete(supervisor.starting)
        except asyncio.CancelledError:
            pass  # a signal during start-up: stop what was started
        except BaseException:
            supervisor.phase = Phase.STOPPING
            loop.run_until_complete(_stop(app, supervisor))
            raise
        if supervisor.exit_code is None:
            supervisor.phase = Phase.RUNNING
            loop.run_forever()  # until Supervisor.stop() (or PTB's app.stop_running())
        supervisor.phase = Phase.STOPPING
        loop.run_until_complete(_stop(app, supervisor))
    finally:
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)
        _cancel_leftovers(loop)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        asyncio.set_event_loop(None)
    return EXIT_OK if supervisor.exit_code is None else supervisor.exit_code


async def _start(app: BotApplication, start_updates: StartUpdates, supervisor: Supervisor) -> None:
    request = app.bot.request
    checking = request.without_retries() if isinstance(request, SendingRequest) else nullcontext()
    try:
        with checking:  # getMe: a rejected token or an unreachable API ends the start at once
            await app.initialize()
    except BaseException:
        # The bot exits without PTB's shutdown of its requests: the polling connection's
        # session is let go at once too (the send pool's is, by without_retries).
        if supervisor.polling is not None:
            supervisor.polling.let_go()
        raise
    if app.post_init is not None:
        await app.post_init(app)
    await start_updates(supervisor.on_polling_error)
    await app.start()


async def _stop(app: BotApplication, supervisor: Supervisor) -> None:
    """Stop fetching, finish the updates fetched, flush: at most STOP_DEADLINE seconds."""
    finishing = asyncio.create_task(_finish(app))
    hurry = asyncio.create_task(supervisor.hurry.wait())
    done, _ = await asyncio.wait(
        {finishing, hurry}, timeout=STOP_DEADLINE, return_when=asyncio.FIRST_COMPLETED
    )
    hurry.cancel()
    if finishing not in done:
        logger.warning("Could not finish the updates in progress in time; they are abandoned")
        finishing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await finishing
        await _cancel_others()
    elif finishing.exception() is not None:
        logger.error("Error while stopping", exc_info=finishing.exception())
    try:
        if app.running:  # pragma: no cover - app.stop() was interrupted before it began
            await app.stop()
        await app.shutdown()
    except RuntimeError as error:  # stopping was abandoned half way
        logger.warning("Shutdown incomplete: %s", error)
    finally:
        if app.post_shutdown is not None:
            await app.post_shutdown(app)  # closes the database


async def _finish(app: BotApplication) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()  # getUpdates confirms what was fetched
    if app.running:
        await app.stop()  # handles every update fetched, waits for those in progress
        if app.post_stop is not None:
            await app.post_stop(app)


async def _cancel_others() -> None:
    """Cancel every task but this one (abandoned updates) and wait for them to end."""
    current = asyncio.current_task()
    others = [task for task in asyncio.all_tasks() if task is not current]
    for task in others:
        task.cancel()
    if others:
        await asyncio.wait(others, timeout=1.0)


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
