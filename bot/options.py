"""The engine's options from the settings: the one module that knows both (config.py stays a
leaf that never loads the engine, and the engine never reads settings)."""

from __future__ import annotations

from bot.config import Settings
from bot.engine import EngineOptions


def engine_options(settings: Settings) -> EngineOptions:
    """The engine's options from these settings."""
    m = settings.matching
    return EngineOptions(
        languages=settings.languages,
        default_language=settings.default_language,
        name_min_score=m.name_min_score,
        short_name_min_score=m.short_name_min_score,
        entity_min_score=m.entity_min_score,
        keyword_min_score=m.keyword_min_score,
        suggest_min_score=m.suggest_min_score,
        max_suggestions=m.max_suggestions,
        context_ttl_seconds=settings.context_ttl_seconds,
        home_names=settings.home_words(),
    )
