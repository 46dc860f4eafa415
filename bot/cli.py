"""Command line: thin wrappers that open the package's objects and call one method each.

twinning-bot                 run on Telegram if TELEGRAM_BOT_TOKEN is set, else chat here
twinning-bot run             run on Telegram (long polling, or --webhook-url)
twinning-bot chat            talk to the bot in this terminal
twinning-bot ask [QUESTION]  answer one question, or one per line from standard input
twinning-bot validate [DIR]  check the knowledge base, list every problem
twinning-bot schema          write the JSON Schema the knowledge files refer to
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.config import HEARTBEAT_FILE, ConfigError, Settings, load_settings
from bot.engine import Engine
from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.options import engine_options

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_CONFLICT = 0, 1, 2, 3


def _load(settings: Settings) -> KnowledgeBase:
    return load_knowledge(settings.knowledge_dir, settings.languages)


def _reply(
    engine: Engine, settings: Settings, question: str, chat: str | None, lang: str | None
) -> dict[str, object]:
    from bot.render import render_text

    answer = engine.ask(question, chat=chat, language=lang)
    return {
        "answered": answer.answered,
        "lang": answer.lang,
        "text": render_text(answer, engine.kb, settings.municipality),
        "kind": answer.kind.value,
        "matched": [f"{m.kind}:{m.id}" for m in answer.matched],
        "score": answer.score,
    }


def cmd_ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    engine = Engine(_load(settings), engine_options(settings))
    if args.question:
        reply = _reply(engine, settings, " ".join(args.question), None, args.lang)
        out.write(
            json.dumps(reply, ensure_ascii=False) + "\n" if args.json else f"{reply['text']}\n"
        )
        return EXIT_OK
    chat = "stdin" if args.context else None
    for line in sys.stdin:
        question = line.rstrip("\n")
        reply = _reply(engine, settings, question, chat, args.lang)
        if args.json:
            out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        else:
            out.write(f"{reply['text']}\n\n")
        out.flush()
    return EXIT_OK


def cmd_chat(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot import terminal

    engine = Engine(_load(settings), engine_options(settings))
    terminal.chat(engine, settings, out, args.lang, tty=sys.stdin.isatty())
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    directory = Path(args.directory) if args.directory else settings.knowledge_dir
    try:
        kb = load_knowledge(directory, settings.languages)
    except KnowledgeError as exc:
        out.write(exc.report() + "\n")
        out.write(f"{exc}: nothing was changed; fix the lines above and run again.\n")
        return EXIT_INVALID
    counts = [(len(kb.partners), "partner"), (len(kb.projects), "project"),
              (len(kb.events), "event"), (len(kb.fields), "field")]  # fmt: skip
    summary = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)
    out.write(f"{directory}: the knowledge base is valid ({summary}, {len(kb.media)} media).\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot.knowledge.jsonschema import write_schemas

    target = Path(args.out) if args.out else settings.knowledge_dir / "schema"
    for path in write_schemas(target):
        out.write(f"wrote {path}\n")
    return EXIT_OK


def cmd_report(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Statistics of the question log; --csv writes the same figures as CSV."""
    from bot import report
    from bot.store import Store

    stats = report.compute(Store.path_in(settings.data_dir))
    out.write(report.as_text(stats) + "\n")
    if args.csv:
        report.write_csv(stats, Path(args.csv))
        out.write(f"wrote {args.csv}\n")
    return EXIT_OK


HEARTBEAT_MAX_AGE = 120.0


def cmd_health(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Healthy when the running bot touched its heartbeat file recently."""
    import time

    path = settings.data_dir / HEARTBEAT_FILE
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        out.write(f"unhealthy: no heartbeat at {path} (is the bot running?)\n")
        return EXIT_INVALID
    if age > args.max_age:
        out.write(f"unhealthy: the last heartbeat is {age:.0f} s old\n")
        return EXIT_INVALID
    out.write(f"healthy: heartbeat {age:.0f} s ago\n")
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    token = settings.require_token()
    kb = _load(settings)
    from bot.transport.app import run_bot

    code = run_bot(
        settings, kb, token, webhook_url=args.webhook_url, listen=args.listen, port=args.port
    )
    return args.conflict_exit_code if code == EXIT_CONFLICT else code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twinning-bot",
        description="A municipality's international cooperation bot (see config/settings.yaml).",
    )
    parser.add_argument("--config", help="settings file (default: config/settings.yaml)")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="run the bot on Telegram (needs TELEGRAM_BOT_TOKEN)")
    run.add_argument("--webhook-url", help="public HTTPS URL: use a webhook, not polling")
    run.add_argument("--listen", default="0.0.0.0", help="webhook listen address")
    run.add_argument("--port", type=int, default=8443, help="webhook listen port")
    run.add_argument(
        "--conflict-exit-code",
        type=int,
        default=EXIT_CONFLICT,
        help="exit code when this instance leaves because another one already polls with the "
        "token (default 3; compose.yaml uses 0, so that restart: on-failure does not start it "
        "again into a fight)",
    )

    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--lang", choices=["lv", "ru", "en"], help="your language")

    ask = sub.add_parser("ask", help="answer a question (or one per line from stdin)")
    ask.add_argument("question", nargs="*", help="the question; none: read stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--lang", choices=["lv", "ru", "en"], help="the user's chosen language")
    ask.add_argument(
        "--context",
        action="store_true",
        help="with stdin: read lines as one conversation (follow-ups)",
    )

    validate = sub.add_parser("validate", help="check the knowledge base")
    validate.add_argument("directory", nargs="?", help="knowledge folder (default: settings)")

    schema = sub.add_parser("schema", help="write the JSON Schema of the knowledge files")
    schema.add_argument("--out", help="folder (default: knowledge/schema)")

    report = sub.add_parser("report", help="statistics of the questions asked")
    report.add_argument("--csv", help="also write the figures to this CSV file")

    health = sub.add_parser("health", help="is the running bot alive? (for Docker)")
    health.add_argument(
        "--max-age", type=float, default=HEARTBEAT_MAX_AGE, help="seconds a heartbeat stays fresh"
    )
    return parser


COMMANDS = {
    "run": cmd_run,
    "chat": cmd_chat,
    "ask": cmd_ask,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "health": cmd_health,
    "report": cmd_report,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = sys.stdout
    try:
        settings = load_settings(args.config)
        command = args.command
        if command is None:
            command = "run" if settings.token is not None else "chat"
            if command == "chat":
                args.lang = None
            else:
                args.webhook_url, args.listen, args.port = None, "0.0.0.0", 8443
                args.conflict_exit_code = EXIT_CONFLICT
        return COMMANDS[command](args, settings, out)
    except ConfigError as exc:
        sys.stderr.write(f"twinning-bot: {exc}\n")
        return EXIT_USAGE
    except KnowledgeError as exc:
        sys.stderr.write(f"twinning-bot: {exc}; run 'twinning-bot validate' to see them\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
