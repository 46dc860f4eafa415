"""Drafts of knowledge changes waiting for an admin's Publish or Discard.

A draft is a folder in the data directory, `drafts/<id>/`: `draft.json` (who made it, when,
from where, the fingerprint of the knowledge files it was previewed against) and the new
content of each file it changes in `files/`. Drafts survive a restart and expire after
`DRAFT_TTL_SECONDS`. A newer draft of a file replaces any older one of the same file, so an
older preview's Publish button no longer finds its draft. Never imports telegram.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from bot.knowledge.editing import Author, EditError, check_file_name

DRAFTS_DIR = "drafts"  # in the data directory
DRAFT_TTL_SECONDS = 24 * 60 * 60
DRAFT_ID = re.compile(r"^[0-9a-f]{12}$")
_META = "draft.json"


class DraftSource(StrEnum):
    UPLOAD = "upload"  # a file sent to the bot on Telegram: written to disk on Publish
    SERVER = "server"  # files saved on the server: already on disk, swapped in on Publish
    CONSOLE = "console"  # edits made with the staff console's forms: written on Publish


@dataclass(frozen=True)
class Draft:
    """New contents of knowledge files, checked and previewed, not live yet."""

    id: str
    source: DraftSource
    files: dict[str, bytes]  # file name -> the new content
    base: str  # editing.fingerprint() of the knowledge folder the preview was made against
    created_at: float
    author: Author | None  # who sent it (None for files saved on the server)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.files)


@dataclass
class DraftStore:
    """The drafts folder of a data directory."""

    root: Path
    ttl: float = DRAFT_TTL_SECONDS

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> DraftStore:
        return cls(Path(data_dir) / DRAFTS_DIR)

    def create(
        self,
        source: DraftSource,
        files: dict[str, bytes],
        base: str,
        author: Author | None = None,
        now: float | None = None,
    ) -> Draft:
        """Save a new draft (written whole, then renamed into place); older drafts of the same
        files are deleted."""
        self.purge_expired(now)
        for name in files:
            check_file_name(name)
        draft = Draft(
            secrets.token_hex(6), source, dict(files), base, time.time() if now is None else now,
            author,
        )  # fmt: skip
        for older in self.drafts():
            if set(older.files) & set(files):
                self.delete(older.id)
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{draft.id}.tmp"
        (tmp / "files").mkdir(parents=True)
        for name, content in files.items():
            (tmp / "files" / name).write_bytes(content)
        meta = {
            "source": draft.source.value,
            "files": list(files),
            "base": base,
            "created_at": draft.created_at,
            "author": None if author is None else {"id": author.user_id, "name": author.name},
        }
        (tmp / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.root / draft.id)
        return draft

    def get(self, draft_id: str, now: float | None = None) -> Draft | None:
        """The draft, or None if it does not exist (any more) or has expired."""
        if not DRAFT_ID.match(draft_id):
            return None
        draft = self._read(self.root / draft_id)
        if draft is None:
            return None
        if (time.time() if now is None else now) - draft.created_at > self.ttl:
            self.delete(draft_id)
            return None
        return draft

    def drafts(self) -> list[Draft]:
        """Every draft on disk, oldest first (expired ones included until purged)."""
        if not self.root.is_dir():
            return []
        found = [self._read(p) for p in self.root.iterdir() if DRAFT_ID.match(p.name)]
        return sorted((d for d in found if d is not None), key=lambda d: d.created_at)

    def delete(self, draft_id: str) -> None:
        if DRAFT_ID.match(draft_id):
            shutil.rmtree(self.root / draft_id, ignore_errors=True)

    def purge_expired(self, now: float | None = None) -> int:
        moment = time.time() if now is None else now
        old = [d.id for d in self.drafts() if moment - d.created_at > self.ttl]
        for draft_id in old:
            self.delete(draft_id)
        return len(old)

    def _read(self, folder: Path) -> Draft | None:
        try:
            meta = json.loads((folder / _META).read_text(encoding="utf-8"))
            files = {name: (folder / "files" / check_file_name(name)).read_bytes()
                     for name in meta["files"]}  # fmt: skip
            who = meta.get("author")
            author = None if who is None else Author(int(who["id"]), str(who["name"]))
            return Draft(
                folder.name, DraftSource(meta["source"]), files, str(meta["base"]),
                float(meta["created_at"]), author,
            )  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError, EditError):
            return None  # half-written or damaged: as if it did not exist
