"""One Settings object: config/settings.yaml, then environment overrides; the token as a secret.

Environment variables with fixed names (see the README):
  TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL, TELEGRAM_WEBHOOK_SECRET, BOT_ADMIN_IDS, BOT_DATA_DIR.
Every setting in settings.yaml can be overridden as TWINNING_<NAME>, nested keys joined by
two underscores: TWINNING_DEFAULT_LANGUAGE=en, TWINNING_MATCHING__NAME_MIN_SCORE=85.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from bot.engine import EngineOptions

CONFIG_ENV = "TWINNING_CONFIG"
HEARTBEAT_FILE = "heartbeat"  # in the data directory; touched by the running bot
DEFAULT_CONFIG = Path("config/settings.yaml")
ENV_PREFIX = "TWINNING_"
TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


class Matching(BaseModel):
    """Fuzzy-matching thresholds (0-100)."""

    model_config = ConfigDict(extra="forbid")

    name_min_score: float = Field(82, ge=0, le=100)
    short_name_min_score: float = Field(90, ge=0, le=100)
    entity_min_score: float = Field(80, ge=0, le=100)
    keyword_min_score: float = Field(62, ge=0, le=100)
    suggest_min_score: float = Field(65, ge=0, le=100)
    max_suggestions: int = Field(3, ge=0, le=10)


class Settings(BaseModel):
    """Every setting of the bot."""

    model_config = ConfigDict(extra="forbid")

    municipality: dict[str, str] = Field(
        default_factory=lambda: {
            "lv": "Rēzeknes novada pašvaldība",
            "ru": "Резекненский край",
            "en": "Rēzekne Municipality",
        }
    )
    languages: tuple[str, ...] = ("lv", "ru", "en")
    default_language: str = "lv"
    knowledge_dir: Path = Path("knowledge")
    matching: Matching = Field(default_factory=Matching)
    context_ttl_seconds: float = Field(600, gt=0)
    staff_chat_id: int | None = None
    retention_days: int = Field(90, ge=1)
    reload_interval_seconds: float = Field(3, gt=0)
    max_upload_kb: int = Field(256, ge=1)
    rate_limit_messages: int = Field(20, ge=1)
    rate_limit_seconds: float = Field(10, gt=0)

    # From the environment only (fixed names).
    token: SecretStr | None = None
    api_base_url: str | None = None
    webhook_secret: SecretStr | None = None
    admin_ids: frozenset[int] = frozenset()
    data_dir: Path = Path("data")

    @model_validator(mode="after")
    def _check_languages(self) -> Settings:
        unknown = [lang for lang in self.languages if lang not in ("lv", "ru", "en")]
        if unknown:
            raise ValueError(f"languages: only lv, ru and en are supported, got {unknown}")
        if self.default_language not in self.languages:
            raise ValueError(
                f"default_language: {self.default_language!r} is not one of {list(self.languages)}"
            )
        return self

    def engine_options(self) -> EngineOptions:
        """The engine's options from these settings."""
        m = self.matching
        return EngineOptions(
            languages=self.languages,
            default_language=self.default_language,
            name_min_score=m.name_min_score,
            short_name_min_score=m.short_name_min_score,
            entity_min_score=m.entity_min_score,
            keyword_min_score=m.keyword_min_score,
            suggest_min_score=m.suggest_min_score,
            max_suggestions=m.max_suggestions,
            context_ttl_seconds=self.context_ttl_seconds,
        )

    def require_token(self) -> str:
        """The bot token, or a ConfigError saying what is wrong with it (never its value)."""
        if self.token is None or not self.token.get_secret_value().strip():
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it"
            )
        value = self.token.get_secret_value().strip()
        if not TOKEN_RE.match(value):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed: expected digits, a colon and a secret "
                "(like 123456789:AA...); check that it was copied whole"
            )
        return value


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in env.items():
        if not name.startswith(ENV_PREFIX) or name == CONFIG_ENV:
            continue
        path = name[len(ENV_PREFIX) :].lower().split("__")
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        parsed: Any = value
        if path[-1] == "languages":
            parsed = [v.strip() for v in value.split(",") if v.strip()]
        target[path[-1]] = parsed
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _admin_ids(raw: str) -> frozenset[int]:
    ids = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not re.fullmatch(r"-?\d+", part):
            raise ConfigError(
                f"BOT_ADMIN_IDS must be comma-separated numeric Telegram user ids, got {part!r}"
            )
        ids.add(int(part))
    return frozenset(ids)


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read settings.yaml (if present) and apply the environment; raise ConfigError if bad."""
    env = os.environ if env is None else env
    config_path = Path(path or env.get(CONFIG_ENV) or DEFAULT_CONFIG)
    data: dict[str, Any] = {}
    if config_path.is_file():
        try:
            loaded = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{config_path}:{mark.line + 1}" if mark else str(config_path)
            raise ConfigError(f"{where}: the settings file is not valid YAML") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{config_path}: expected 'name: value' settings")
        data = loaded or {}
    elif path is not None or CONFIG_ENV in env:
        raise ConfigError(f"{config_path}: the settings file does not exist")
    data = _merge(data, _env_overrides(env))
    if env.get("TELEGRAM_BOT_TOKEN"):
        data["token"] = env["TELEGRAM_BOT_TOKEN"]
    if env.get("TELEGRAM_API_BASE_URL"):
        data["api_base_url"] = env["TELEGRAM_API_BASE_URL"]
    if env.get("TELEGRAM_WEBHOOK_SECRET"):
        data["webhook_secret"] = env["TELEGRAM_WEBHOOK_SECRET"]
    if env.get("BOT_ADMIN_IDS"):
        data["admin_ids"] = _admin_ids(env["BOT_ADMIN_IDS"])
    if env.get("BOT_DATA_DIR"):
        data["data_dir"] = env["BOT_DATA_DIR"]
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"setting {key}: {message}{more}") from None
