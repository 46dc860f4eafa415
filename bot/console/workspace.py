"""The console's draft: edits made with the forms collect in one draft of the knowledge files
(bot/knowledge/drafts.py, source "console"), previewed and published through the same keeper
as an upload from Telegram (its lock, its history with the author, its engine swap).

Each saved form is written into the draft's copy of its file with yamledit (comments and
order survive), and the whole knowledge base is validated with the draft's files in place of
the live ones: a form whose result the loader refuses changes nothing and returns every
problem. The draft holds only the files that differ from the live ones; a draft edited back
to the live state is deleted. It is based on the live files as they were when it was begun:
Publish refuses it if the files changed on the server since (the keeper checks).

Never imports telegram: the keeper is given as the `Keeper` protocol.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot import preview
from bot.config import Settings
from bot.console.forms import KINDS, Kind
from bot.engine import Engine
from bot.knowledge import Issue, KnowledgeBase, KnowledgeError, load_knowledge
from bot.knowledge.drafts import Draft, DraftSource, DraftStore
from bot.knowledge.editing import Author, Change, KnowledgeEditor, Version, diff, fingerprint
from bot.knowledge.schema import FILE_MODELS
from bot.knowledge.yamledit import (
    YamlEditError,
    add_phrase,
    entries,
    entry,
    remove_entry,
    upsert_entry,
)
from bot.store import Store


class Keeper(Protocol):
    """What the console needs of bot.transport.staff.KnowledgeKeeper."""

    settings: Settings
    engine: Engine
    lock: asyncio.Lock
    live_files: dict[str, bytes]

    def drafts(self) -> DraftStore: ...

    def editor(self) -> KnowledgeEditor: ...

    async def publish(
        self, draft_id: str, author: Author
    ) -> tuple[Draft, KnowledgeBase] | None: ...

    async def discard(self, draft_id: str) -> Draft | None: ...

    async def rollback(self) -> tuple[KnowledgeBase, Change]: ...

    async def next_rollback(self) -> Version | None: ...


class EditRefused(Exception):
    """A form's result that cannot become the draft: `issues` says every reason."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = list(issues)


@dataclass(frozen=True)
class Preview:
    """What the draft changes: entries per file, and the answers that would change."""

    draft: Draft
    changes: tuple[Change, ...]
    replay: preview.Replay


@dataclass
class Workspace:
    keeper: Keeper
    store: Store
    _engines: dict[str, tuple[KnowledgeBase, Engine]] | None = None
    _previews: dict[str, Preview] | None = None

    @property
    def settings(self) -> Settings:
        return self.keeper.settings

    # ------------------------------------------------------------------ reading

    def draft(self) -> Draft | None:
        """The console's draft (the newest, if several survived), or None."""
        store = self.keeper.drafts()
        found = [d for d in store.drafts() if d.source is DraftSource.CONSOLE]
        for older in found[:-1]:
            store.delete(older.id)
        return store.get(found[-1].id) if found else None

    def files(self) -> dict[str, bytes]:
        """The knowledge files as the draft has them (the live ones where it has none)."""
        draft = self.draft()
        return {**self.keeper.live_files, **(draft.files if draft else {})}

    def entries(self, kind: Kind) -> list[dict[str, Any]]:
        content = self.files().get(kind.file)
        return entries(content, kind.section) if content else []

    def entry(self, kind: Kind, entry_id: str) -> dict[str, Any] | None:
        content = self.files().get(kind.file)
        return entry(content, kind.section, entry_id) if content else None

    def ids(self, section: str) -> list[str]:
        kind = KINDS[section]
        return [str(e.get(kind.id_key)) for e in self.entries(kind)]

    def kb(self) -> KnowledgeBase:
        """The knowledge base the draft would make live (the live one without a draft)."""
        draft = self.draft()
        if draft is None:
            return self.keeper.engine.kb
        return self._draft_engine(draft)[0]

    def engine(self) -> Engine:
        """An engine on the draft (the live engine without a draft): the test pane asks it."""
        draft = self.draft()
        return self.keeper.engine if draft is None else self._draft_engine(draft)[1]

    def _draft_engine(self, draft: Draft) -> tuple[KnowledgeBase, Engine]:
        if self._engines is None or draft.id not in self._engines:
            live = self.keeper.engine
            kb = load_knowledge(
                self.settings.knowledge_dir, self.settings.languages, overrides=draft.files
            )
            self._engines = {draft.id: (kb, Engine(kb, live.options, today=live.today))}
        return self._engines[draft.id]

    # ------------------------------------------------------------------ editing

    async def save(self, kind: Kind, data: dict[str, Any], author: Author) -> Draft | None:
        """Write an entry (added, or replaced by its id) into the draft; EditRefused if the
        knowledge base would not be valid. Returns the draft (None: no change is left)."""
        return await self._edit(kind, lambda c: upsert_entry(c, kind.section, data), author)

    async def remove(self, kind: Kind, entry_id: str, author: Author) -> Draft | None:
        """Delete an entry in the draft; EditRefused if the rest would not be valid (an entry
        that names it, say)."""
        return await self._edit(kind, lambda c: remove_entry(c, kind.section, entry_id), author)

    async def add_phrase(
        self, kind: Kind, entry_id: str, key: str, lang: str, phrase: str, author: Author
    ) -> Draft | None:
        """Add a phrase to an entry's word list in the draft (an unanswered question taught)."""
        return await self._edit(
            kind, lambda c: add_phrase(c, kind.section, entry_id, key, lang, phrase), author
        )

    async def _edit(self, kind: Kind, change: Any, author: Author) -> Draft | None:
        async with self.keeper.lock:
            return await asyncio.to_thread(self._edit_now, kind, change, author)

    def _edit_now(self, kind: Kind, change: Any, author: Author) -> Draft | None:
        draft = self.draft()
        files = self.files()
        content = files.get(kind.file, f"{kind.section}: []\n".encode())
        try:
            files[kind.file] = change(content)
        except YamlEditError as error:
            raise EditRefused([Issue(kind.file, 0, str(error))]) from None
        live = self.keeper.live_files
        changed = {n: c for n, c in files.items() if live.get(n) != c and n in FILE_MODELS}
        editor = self.keeper.editor()
        try:
            editor.check_files(changed)
        except KnowledgeError as error:
            raise EditRefused(error.issues) from None
        except Exception as error:  # EditError: a file too large
            raise EditRefused([Issue(kind.file, 0, str(error))]) from None
        store = self.keeper.drafts()
        base = draft.base if draft is not None else fingerprint(self.settings.knowledge_dir)
        if draft is not None:
            store.delete(draft.id)
        if not changed:
            return None
        return store.create(DraftSource.CONSOLE, changed, base, author)

    # ------------------------------------------------------------------ preview, publish

    async def preview(self) -> Preview | None:
        """The draft's entries and answers that change (computed once per draft)."""
        draft = self.draft()
        if draft is None:
            return None
        if self._previews is not None and draft.id in self._previews:
            return self._previews[draft.id]
        since = time.time() - min(preview.LOG_DAYS, self.settings.retention_days) * 86400
        logged = await asyncio.to_thread(self.store.recent_questions, since, preview.MAX_QUESTIONS)
        found = await asyncio.to_thread(self._preview_now, draft, logged)
        self._previews = {draft.id: found}
        return found

    def _preview_now(self, draft: Draft, logged: list[tuple[str, str]]) -> Preview:
        live_engine = self.keeper.engine
        kb, engine = self._draft_engine(draft)
        live = self.keeper.live_files
        changes = tuple(
            diff(n, live.get(n), draft.files[n]) for n in FILE_MODELS if n in draft.files
        )
        asked = preview.questions(logged, (live_engine.kb, kb), self.settings.languages)
        replayed = preview.replay(live_engine, engine, asked, self.settings.municipality)
        return Preview(draft, changes, replayed)

    async def publish(self, author: Author) -> tuple[Draft, KnowledgeBase] | None:
        """Put the draft live (None: there is none, or the files changed on the server)."""
        draft = self.draft()
        if draft is None:
            return None
        return await self.keeper.publish(draft.id, author)

    async def discard(self) -> Draft | None:
        draft = self.draft()
        return None if draft is None else await self.keeper.discard(draft.id)

    def is_stale(self, draft: Draft) -> bool:
        """Whether the files on the server changed since the draft was begun."""
        return fingerprint(self.settings.knowledge_dir) != draft.base
