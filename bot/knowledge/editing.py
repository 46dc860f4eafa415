"""Changing the knowledge base safely: check a new file against the whole KB, write it
atomically, keep the previous version in a history folder, roll back, and watch for edits.

Who published a version and when is appended to `.history/authors.jsonl` (one JSON object
a line: the time, the file, the SHA-256 of the content published, the Telegram user id and
name); /rollback looks the restored version up there by its content to name its author.

Used by the staff tools (upload from Telegram, /rollback, live reload); never imports telegram.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.knowledge.loader import Issue, KnowledgeError, load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.schema import FILE_MODELS, LANGUAGES

MAX_UPLOAD_BYTES = 256 * 1024
HISTORY_DIR = ".history"
AUTHORS_LOG = "authors.jsonl"  # in HISTORY_DIR: who published which content, and when
_SAFE_NAME = re.compile(r"^[a-z0-9_-]{1,40}\.yaml$")


class EditError(Exception):
    """An upload or rollback that cannot be done; the message is for the staff member."""


@dataclass(frozen=True)
class Change:
    """What a new version of a file changes, entry by entry (ids)."""

    file: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        parts = [
            f"{label}: {', '.join(ids)}"
            for label, ids in (("added", self.added), ("removed", self.removed),
                               ("changed", self.changed))
            if ids
        ]  # fmt: skip
        return f"{self.file}: " + ("; ".join(parts) if parts else "no entry changed")


@dataclass(frozen=True)
class Author:
    """Who published a version: a Telegram user id and the name Telegram gives."""

    user_id: int
    name: str


@dataclass(frozen=True)
class Version:
    """A version of a file kept in the history: when it was written and, if it was published
    from Telegram, by whom (None: saved on the server, or before authors were recorded)."""

    file: str
    written_at: float
    author: Author | None


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def fingerprint(directory: Path) -> str:
    """One hash of every knowledge file as it is on disk (names and contents)."""
    digest = hashlib.sha256()
    for name in FILE_MODELS:
        path = Path(directory) / name
        digest.update(name.encode() + b"\0")
        if path.is_file():
            digest.update(content_hash(path.read_bytes()).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def check_file_name(name: str) -> str:
    """The file name an upload may have: a known knowledge file or a new simple .yaml name."""
    base = os.path.basename(name.replace("\\", "/"))
    if base != name or not _SAFE_NAME.match(base) or base.startswith("."):
        raise EditError(
            f"'{name}' is not an allowed file name: send one of "
            f"{', '.join(FILE_MODELS)} (plain names ending in .yaml, no folders)"
        )
    return base


def _entries(raw: bytes | None) -> dict[str, object]:
    if not raw:
        return {}
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, object] = {}
    for items in data.values():
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    key = item.get("id") or item.get("code")
                    if isinstance(key, str):
                        out[key] = item
    return out


def diff(name: str, old: bytes | None, new: bytes) -> Change:
    before, after = _entries(old), _entries(new)
    return Change(
        file=name,
        added=tuple(k for k in after if k not in before),
        removed=tuple(k for k in before if k not in after),
        changed=tuple(k for k in after if k in before and after[k] != before[k]),
    )


@dataclass
class KnowledgeEditor:
    """The knowledge folder, its history, and the checks around every change."""

    directory: Path
    languages: tuple[str, ...] = LANGUAGES
    max_bytes: int = MAX_UPLOAD_BYTES
    history: Path = field(init=False)

    def __post_init__(self) -> None:
        self.directory = Path(self.directory)
        self.history = self.directory / HISTORY_DIR

    def files(self) -> list[Path]:
        """The knowledge files as they are now (for /kb)."""
        return [self.directory / n for n in FILE_MODELS if (self.directory / n).is_file()]

    def check(self, name: str, content: bytes) -> tuple[KnowledgeBase, Change]:
        """Validate the whole KB with `content` as `name`; raise EditError or KnowledgeError."""
        name = check_file_name(name)
        if name not in FILE_MODELS:
            raise EditError(
                f"'{name}' is not a knowledge file the bot reads; send one of "
                f"{', '.join(FILE_MODELS)}"
            )
        if len(content) > self.max_bytes:
            raise EditError(
                f"the file is too large ({len(content) // 1024} KB; at most "
                f"{self.max_bytes // 1024} KB)"
            )
        kb = load_knowledge(self.directory, self.languages, overrides={name: content})
        path = self.directory / name
        old = path.read_bytes() if path.is_file() else None
        return kb, diff(name, old, content)

    def apply(
        self, name: str, content: bytes, author: Author | None = None
    ) -> tuple[KnowledgeBase, Change]:
        """Check, keep the old version in the history, then replace the file atomically;
        with an `author`, record who published the new content and when."""
        kb, change = self.check(name, content)
        path = self.directory / check_file_name(name)
        if path.is_file():
            self.keep(path.name, path.read_bytes(), path.stat().st_mtime)
        _atomic_write(path, content)
        if author is not None:
            self.record(path.name, content, author)
        return kb, change

    def check_files(self, files: dict[str, bytes]) -> tuple[KnowledgeBase, list[Change]]:
        """Validate the whole KB with several files replaced at once (a console draft)."""
        for name, content in files.items():
            if check_file_name(name) not in FILE_MODELS:
                raise EditError(f"'{name}' is not a knowledge file the bot reads")
            if len(content) > self.max_bytes:
                raise EditError(
                    f"{name} would be too large ({len(content) // 1024} KB; at most "
                    f"{self.max_bytes // 1024} KB)"
                )
        kb = load_knowledge(self.directory, self.languages, overrides=dict(files))
        changes = []
        for name in FILE_MODELS:
            if name in files:
                path = self.directory / name
                old = path.read_bytes() if path.is_file() else None
                changes.append(diff(name, old, files[name]))
        return kb, changes

    def apply_files(
        self, files: dict[str, bytes], author: Author | None = None
    ) -> tuple[KnowledgeBase, list[Change]]:
        """Check, then write several files, each old version kept in the history. They are
        written in FILE_MODELS' order (fields before the partners that name them), so that
        /rollback, which restores the file replaced last, undoes them in an order in which
        the knowledge base stays valid."""
        kb, changes = self.check_files(files)
        for name in FILE_MODELS:
            if name not in files:
                continue
            path = self.directory / name
            if path.is_file():
                self.keep(name, path.read_bytes(), path.stat().st_mtime)
            _atomic_write(path, files[name])
            if author is not None:
                self.record(name, files[name], author)
        return kb, changes

    def keep(self, name: str, content: bytes, written_at: float) -> None:
        """Put a version that is being replaced into the history (its time kept as mtime)."""
        self.history.mkdir(exist_ok=True)
        # The names sort in the order the versions were kept (rollback takes the last):
        # the second, then the microsecond within it, then a counter for a tie.
        now = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now // 1_000_000_000))
        stamp += f"-{now // 1000 % 1_000_000:06d}"
        tie = 0
        while any(self.history.glob(f"{stamp}-{tie:03d}__*")):
            tie += 1
        kept = self.history / f"{stamp}-{tie:03d}__{name}"
        kept.write_bytes(content)
        os.utime(kept, (written_at, written_at))

    def record(self, name: str, content: bytes, author: Author) -> None:
        """Note in the history who published `content` as `name`, and when."""
        self.history.mkdir(exist_ok=True)
        line = {
            "at": time.time(),
            "file": name,
            "sha256": content_hash(content),
            "user_id": author.user_id,
            "name": author.name,
        }
        with open(self.history / AUTHORS_LOG, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    def author_of(self, name: str, content: bytes) -> Author | None:
        """Who last published exactly this content as `name` (None if nobody from Telegram)."""
        log = self.history / AUTHORS_LOG
        if not log.is_file():
            return None
        wanted, found = content_hash(content), None
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict) and row.get("file") == name and row.get("sha256") == wanted:
                found = Author(int(row.get("user_id", 0)), str(row.get("name", "")))
        return found

    def next_rollback(self) -> Version | None:
        """The version /rollback would restore now (None: there is none)."""
        versions = sorted(self.history.glob("*__*.yaml")) if self.history.is_dir() else []
        if not versions:
            return None
        latest = versions[-1]
        name = latest.name.split("__", 1)[1]
        return Version(name, latest.stat().st_mtime, self.author_of(name, latest.read_bytes()))

    def rollback(self) -> tuple[KnowledgeBase, Change]:
        """Restore the most recently replaced file from the history (and forget that copy)."""
        versions = sorted(self.history.glob("*__*.yaml")) if self.history.is_dir() else []
        if not versions:
            raise EditError("there is no earlier version to restore")
        latest = versions[-1]
        name = latest.name.split("__", 1)[1]
        content = latest.read_bytes()
        kb, change = self.check(name, content)
        _atomic_write(self.directory / name, content)
        latest.unlink()
        return kb, change


def _atomic_write(path: Path, content: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class Watcher:
    """Notices when the knowledge files change on disk (polled: works on every filesystem
    and inside Docker volumes)."""

    directory: Path
    _last: tuple[tuple[str, int, int], ...] = ()

    def __post_init__(self) -> None:
        self._last = self.signature()

    def signature(self) -> tuple[tuple[str, int, int], ...]:
        out = []
        for name in FILE_MODELS:
            path = Path(self.directory) / name
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((name, st.st_mtime_ns, st.st_size))
        return tuple(out)

    def changed(self) -> bool:
        """True once per change (call it every few seconds)."""
        now = self.signature()
        if now == self._last:
            return False
        self._last = now
        return True


@dataclass(frozen=True)
class ReloadResult:
    kb: KnowledgeBase | None
    issues: tuple[Issue, ...] = ()

    @property
    def ok(self) -> bool:
        return self.kb is not None


def reload(directory: Path, languages: tuple[str, ...] = LANGUAGES) -> ReloadResult:
    """Load the whole KB again; on any error return the issues (the caller keeps the old KB)."""
    try:
        return ReloadResult(load_knowledge(directory, languages))
    except KnowledgeError as exc:
        return ReloadResult(None, tuple(exc.issues))
