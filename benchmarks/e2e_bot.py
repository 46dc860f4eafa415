"""The real bot, for the end-to-end benchmark: `build_application` + long polling.

Run as `python -m benchmarks.e2e_bot [--rate-limiter shipped|off]` with the environment the
bot reads in production (TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL pointing at the fake,
BOT_DATA_DIR); stops cleanly on SIGTERM. `--rate-limiter off` builds the same application
with AIORateLimiter's overall limit (30 messages a second by default) lifted, to show what
the code itself can do; nothing else changes.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import pstats
import sys
from pathlib import Path

from telegram import Update
from telegram.ext import AIORateLimiter

from bot.config import load_settings
from bot.knowledge import load_knowledge
from bot.store import Store
from bot.transport import app as transport


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate-limiter", choices=("shipped", "off"), default="shipped")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the run here (.txt)")
    args = parser.parse_args(argv)
    settings = load_settings()
    kb = load_knowledge(settings.knowledge_dir, settings.languages)
    store = Store.in_data_dir(settings.data_dir)
    if args.rate_limiter == "off":
        lifted = functools.partial(AIORateLimiter, overall_max_rate=0)
        setattr(transport, "AIORateLimiter", lifted)  # noqa: B010 (a module global, replaced)
    application = transport.build_application(settings, kb, store)
    limiter = application.bot.rate_limiter
    overall = getattr(limiter, "_base_limiter", "unknown")
    info = {
        "rate_limiter": type(limiter).__name__ if limiter is not None else None,
        "overall_limit": getattr(overall, "max_rate", None) if overall != "unknown" else "unknown",
        "concurrent_updates": application.concurrent_updates,
    }
    print(json.dumps(info), flush=True)
    allowed = getattr(transport, "ALLOWED_UPDATES", Update.ALL_TYPES)
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    try:
        application.run_polling(allowed_updates=list(allowed))
    finally:
        if profiler is not None and args.profile is not None:
            profiler.disable()
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(30)
            args.profile.write_text(text.getvalue(), encoding="utf-8")
            profiler.dump_stats(str(args.profile.with_suffix(".prof")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
