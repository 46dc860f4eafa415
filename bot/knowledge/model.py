"""The loaded, validated knowledge base: the entries by id and the links between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.schema import (
    CooperationField,
    CountryWords,
    Event,
    FaqEntry,
    Media,
    PartialDate,
    Partner,
    Project,
    Words,
)


@dataclass(frozen=True)
class KnowledgeBase:
    """An immutable snapshot of the knowledge base; a reload builds a new one."""

    partners: dict[str, Partner]
    projects: dict[str, Project]
    events: dict[str, Event]
    media: dict[str, Media]
    fields: dict[str, CooperationField]
    faq: dict[str, FaqEntry]
    country_words: dict[str, Words]
    version: str = ""
    root: Path | None = None
    projects_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_country: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Tables derived from this snapshot by its readers (bot/engine/snapshot.py), made once:
    # the snapshot never changes, so none is ever stale.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_models(cls, models: dict[str, Any], version: str, root: Path | None) -> KnowledgeBase:
        def by_id(items: list[Any]) -> dict[str, Any]:
            return {item.id: item for item in items}

        partners = by_id(models["partners.yaml"].partners)
        projects = by_id(models["projects.yaml"].projects)
        countries: list[CountryWords] = (
            models["countries.yaml"].countries if "countries.yaml" in models else []
        )
        linked: dict[str, list[str]] = {pid: [] for pid in partners}
        for project in projects.values():
            for pid in project.partners:
                linked.setdefault(pid, []).append(project.id)
        projects_of = {pid: tuple(ids) for pid, ids in linked.items()}
        by_country: dict[str, list[str]] = {}
        for partner in partners.values():
            by_country.setdefault(partner.country, []).append(partner.id)
        return cls(
            partners=partners,
            projects=projects,
            events=by_id(models["events.yaml"].events),
            media=by_id(models["media.yaml"].media),
            fields=by_id(models["fields.yaml"].fields),
            faq=by_id(models["faq.yaml"].faq) if "faq.yaml" in models else {},
            country_words={c.code: c.keywords for c in countries},
            version=version,
            root=root,
            projects_of=projects_of,
            by_country={code: tuple(ids) for code, ids in by_country.items()},
        )

    @property
    def countries(self) -> list[str]:
        """Country codes of the partners, in the order partners are listed."""
        return list(self.by_country)

    def partners_in(self, country: str) -> list[Partner]:
        return [self.partners[pid] for pid in self.by_country.get(country, ())]

    def signed_dates(self) -> dict[str, PartialDate]:
        return {p.id: p.agreement.signed for p in self.partners.values() if p.agreement.signed}

    def entry_count(self) -> int:
        return len(self.partners) + len(self.projects) + len(self.events) + len(self.media)
