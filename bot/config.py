"""One Settings object: config/settings.yaml, then the environment; the token as a secret.

A leaf module: it imports pydantic, pydantic-settings and PyYAML, never the engine or the
transport (reading the settings loads no matcher, no Babel, no Telegram).

    settings = load_settings()          # config/settings.yaml (or TWINNING_CONFIG) + environment

Where each value comes from, the first that has it winning (pydantic-settings sources):

1. the environment variables with fixed names (see the README): TELEGRAM_BOT_TOKEN,
   TELEGRAM_API_BASE_URL, TELEGRAM_WEBHOOK_SECRET, BOT_ADMIN_IDS, BOT_DATA_DIR;
2. TWINNING_<NAME>, nested keys joined by two underscores: TWINNING_DEFAULT_LANGUAGE=en,
   TWINNING_MATCHING__NAME_MIN_SCORE=85 (lists: comma-separated, TWINNING_LANGUAGES=lv,en);
3. the settings file (YAML); 4. the defaults below.

Every mistake becomes a `ConfigError` with one line for the operator that names the setting.
`Settings` itself is a plain pydantic model: `Settings(default_language="en")` reads nothing.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)
from pydantic_settings.exceptions import SettingsError
from pydantic_settings.sources.utils import parse_env_vars

CONFIG_ENV = "TWINNING_CONFIG"
HEARTBEAT_FILE = "heartbeat"  # in the data directory; touched by the running bot
DEFAULT_CONFIG = Path("config/settings.yaml")
ENV_PREFIX = "TWINNING_"
TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
SUPPORTED_LANGUAGES = ("lv", "ru", "en")

# Environment variable -> setting, for the values that come from the environment only.
FIXED_ENV_NAMES = {
    "TELEGRAM_BOT_TOKEN": "token",
    "TELEGRAM_API_BASE_URL": "api_base_url",
    "TELEGRAM_WEBHOOK_SECRET": "webhook_secret",
    "BOT_ADMIN_IDS": "admin_ids",
    "BOT_DATA_DIR": "data_dir",
}
SECRETS = frozenset({"token", "webhook_secret"})  # never read from a file


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


def _comma_list(value: object) -> object:
    """'lv, en' -> ['lv', 'en'] (how lists are written in the environment)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Matching(BaseModel):
    """Fuzzy-matching thresholds (0-100)."""

    model_config = ConfigDict(extra="forbid")

    name_min_score: float = Field(82, ge=0, le=100)
    short_name_min_score: float = Field(90, ge=0, le=100)
    entity_min_score: float = Field(80, ge=0, le=100)
    keyword_min_score: float = Field(62, ge=0, le=100)
    suggest_min_score: float = Field(65, ge=0, le=100)
    max_suggestions: int = Field(3, ge=0, le=10)


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekdays(value: object) -> object:
    """'mon-fri' / 'mon..fri' / 'mon, wed' / ['mon', 'tue'] -> the days, lowercase."""
    listed = _comma_list(value)
    if not isinstance(listed, list | tuple):
        return listed
    days: list[object] = []
    for item in listed:
        word = str(item).strip().lower().replace("..", "-").replace("–", "-")
        first, _, last = word.partition("-")
        if last and first in WEEKDAYS and last in WEEKDAYS:
            start, end = WEEKDAYS.index(first), WEEKDAYS.index(last)
            days += [WEEKDAYS[i % 7] for i in range(start, end + (7 if end < start else 0) + 1)]
        else:
            days.append(word)
    return days


def _clock_time(value: object) -> object:
    """A time of day. YAML 1.1 reads an unquoted 8:00 as the number 480 (minutes, base 60),
    so such a number is taken back as the time it was written as."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (write it like Europe/Riga)") from None
    return value


ClockTime = Annotated[dt.time, BeforeValidator(_clock_time)]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]


class StaffHours(BaseModel):
    """When the staff chat is read: outside these hours a resident who passes a question on
    is told when to expect the answer."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    days: Annotated[tuple[Weekday, ...], NoDecode, BeforeValidator(_weekdays)] = WEEKDAYS[:5]
    start: ClockTime = Field(dt.time(8, 0), alias="from")
    end: ClockTime = Field(dt.time(17, 0), alias="to")
    timezone: TimeZoneName = "Europe/Riga"

    @model_validator(mode="after")
    def _check(self) -> StaffHours:
        if not self.days:
            raise ValueError("days: name at least one day (mon, tue, wed, thu, fri, sat, sun)")
        if self.end <= self.start:
            raise ValueError(f"to ({self.end:%H:%M}) must be after from ({self.start:%H:%M})")
        return self

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class CheckReminder(BaseModel):
    """The monthly message to the admins that lists the entries not checked against their
    source for `max_age_days` (or never)."""

    model_config = ConfigDict(extra="forbid")

    day: int = Field(1, ge=1, le=28, description="Day of the month (1-28: every month has it).")
    at: ClockTime = dt.time(9, 0)
    timezone: TimeZoneName = "Europe/Riga"
    max_age_days: int = Field(365, ge=1)


class Console(BaseModel):
    """The staff console: a web server in the bot process for editing the knowledge base with
    forms (a Telegram Mini App, or a browser through a one-time login link)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    host: str = Field("127.0.0.1", min_length=1, description="The address the server listens on.")
    port: int = Field(8480, ge=1, le=65535)
    # The address staff open, as the reverse proxy serves it (https://bot.example.lv/console/);
    # login links and the Mini App button point there. None: http://<host>:<port>/.
    public_url: str | None = None
    # How old a Mini App's initData may be (its auth_date) when it is presented.
    init_data_max_age_seconds: int = Field(3600, ge=60, le=24 * 60 * 60)
    # How long a login stays valid without being used.
    session_hours: float = Field(8, gt=0, le=24 * 7)

    @field_validator("public_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"expected a URL like https://bot.example.lv/console/, got {value!r}")
        if parts.query or parts.fragment:
            raise ValueError("the URL must not have a query (?) or a fragment (#)")
        return value.strip()

    def url(self) -> str:
        """The console's public address, ending in /."""
        base = self.public_url or f"http://{self.host}:{self.port}/"
        return base if base.endswith("/") else base + "/"

    def path_prefix(self) -> str:
        """The path the console is served under ("" or like "/console")."""
        return urlsplit(self.url()).path.rstrip("/")

    def is_https(self) -> bool:
        return self.url().startswith("https://")


class Settings(BaseModel):
    """Every setting of the bot."""

    model_config = ConfigDict(extra="forbid")

    # The municipality the bot speaks for, per language (config/settings.yaml names it; the
    # defaults only say "the municipality", so no municipality lives in the code).
    municipality: dict[str, str] = Field(
        default_factory=lambda: {
            "lv": "pašvaldība",
            "ru": "самоуправление",
            "en": "the municipality",
        }
    )
    # The home municipality's names and inflected forms per language, for the engine (its
    # own name in a question names no partner); a word ending in * is a prefix.
    home_names: Annotated[dict[str, tuple[str, ...]], NoDecode] = Field(default_factory=dict)
    languages: Annotated[tuple[str, ...], NoDecode] = SUPPORTED_LANGUAGES
    default_language: str = "lv"
    knowledge_dir: Path = Path("knowledge")
    matching: Matching = Field(default_factory=Matching)
    context_ttl_seconds: float = Field(600, gt=0)
    staff_chat_id: int | None = None
    # When the staff chat is read (None: always); outside it residents are told when to expect
    # an answer.
    staff_hours: StaffHours | None = None
    # The monthly reminder of entries not checked for a year (None: no reminder).
    check_reminder: CheckReminder | None = Field(default_factory=CheckReminder)
    retention_days: int = Field(90, ge=1)
    reload_interval_seconds: float = Field(3, gt=0)
    max_upload_kb: int = Field(256, ge=1)
    # Draft -> preview -> publish: an upload from Telegram becomes a draft the admin publishes
    # or discards after seeing which answers change; preview_server_edits does the same for
    # files saved on the server (off: they go live by themselves, as before).
    preview: bool = True
    preview_server_edits: bool = False
    rate_limit_messages: int = Field(20, ge=1)
    rate_limit_seconds: float = Field(10, gt=0)
    # A 409 Conflict within this many seconds of the start: another instance was there
    # first, and this one leaves (exit code 3); later, this one keeps polling.
    conflict_grace_seconds: float = Field(30, ge=0)
    # The staff console (off unless enabled).
    console: Console = Field(default_factory=Console)

    # From the environment only (fixed names).
    token: SecretStr | None = None
    api_base_url: str | None = None
    webhook_secret: SecretStr | None = None
    admin_ids: frozenset[int] = frozenset()
    data_dir: Path = Path("data")

    @field_validator("languages", mode="before")
    @classmethod
    def _languages_list(cls, value: object) -> object:
        return _comma_list(value)

    @field_validator("home_names", mode="before")
    @classmethod
    def _home_names_lists(cls, value: object) -> object:
        if isinstance(value, str) and value.lstrip().startswith("{"):
            value = json.loads(value)  # TWINNING_HOME_NAMES='{"lv": ["<town>*"]}'
        if isinstance(value, Mapping):
            return {lang: _comma_list(words) for lang, words in value.items()}
        return value

    @model_validator(mode="after")
    def _check_languages(self) -> Settings:
        unknown = [lang for lang in self.languages if lang not in SUPPORTED_LANGUAGES]
        if unknown:
            raise ValueError(f"languages: only lv, ru and en are supported, got {unknown}")
        if self.default_language not in self.languages:
            raise ValueError(
                f"default_language: {self.default_language!r} is not one of {list(self.languages)}"
            )
        strange = [lang for lang in self.home_names if lang not in SUPPORTED_LANGUAGES]
        if strange:
            raise ValueError(f"home_names: only lv, ru and en are supported, got {strange}")
        return self

    def home_words(self) -> tuple[str, ...]:
        """Every home name of every language, once each, in the order given."""
        words = (word.strip() for names in self.home_names.values() for word in names)
        return tuple(dict.fromkeys(word for word in words if word))

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


ENV_ONLY = frozenset(FIXED_ENV_NAMES.values())
FILE_SETTINGS = frozenset(Settings.model_fields) - ENV_ONLY


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


# -------------------------------------------------------------------- the sources


class FixedNamesSource(PydanticBaseSettingsSource):
    """TELEGRAM_BOT_TOKEN, BOT_ADMIN_IDS, ...: the documented names that have no prefix."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]) -> None:
        super().__init__(settings_cls)
        self.env = env

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads the variables itself

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, setting in FIXED_ENV_NAMES.items():
            raw = self.env.get(name)
            if raw:  # an empty variable counts as not set
                values[setting] = _admin_ids(raw) if setting == "admin_ids" else raw
        return values


class PrefixedEnvSource(EnvSettingsSource):
    """TWINNING_<NAME> with `__` nesting (pydantic-settings' own environment source), read
    from the given mapping; a TWINNING_ name that is no setting is an error, not ignored."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]) -> None:
        self._mapping = env
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        for name in self._mapping:
            if not name.upper().startswith(ENV_PREFIX) or name.upper() == CONFIG_ENV:
                continue
            setting = name[len(ENV_PREFIX) :].split("__")[0].lower()
            if setting not in FILE_SETTINGS:
                hint = next((k for k, v in FIXED_ENV_NAMES.items() if v == setting), None)
                raise ConfigError(
                    f"{name} is not a setting"
                    + (f": use {hint}" if hint else "; the README lists them all")
                )
        return parse_env_vars(
            self._mapping, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str
        )


class SettingsFileSource(YamlConfigSettingsSource):
    """The settings file, with one-line errors naming the file (and the line)."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        try:
            loaded = yaml.safe_load(Path(file_path).read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{file_path}:{mark.line + 1}" if mark else str(file_path)
            raise ConfigError(f"{where}: the settings file is not valid YAML") from None
        if loaded is None:
            return {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{file_path}: expected 'name: value' settings")
        secret = sorted(SECRETS & loaded.keys())
        if secret:
            raise ConfigError(
                f"{file_path}: setting {secret[0]}: secrets are read from the environment "
                "only (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET), never from a file"
            )
        return loaded


_LOADING: contextvars.ContextVar[tuple[Path | None, Mapping[str, str]]] = contextvars.ContextVar(
    "loading_settings"
)


class _LoadedSettings(BaseSettings, Settings):
    """Settings filled from the sources above (only load_settings makes these)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_path, env = _LOADING.get()
        sources: list[PydanticBaseSettingsSource] = [
            FixedNamesSource(settings_cls, env),
            PrefixedEnvSource(settings_cls, env),
        ]
        if config_path is not None:
            sources.append(SettingsFileSource(settings_cls, yaml_file=config_path))
        return tuple(sources)


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings file (if present) and the environment; raise ConfigError if bad."""
    env = os.environ if env is None else env
    config_path = Path(path or env.get(CONFIG_ENV) or DEFAULT_CONFIG)
    if not config_path.is_file():
        if path is not None or env.get(CONFIG_ENV):
            raise ConfigError(f"{config_path}: the settings file does not exist")
        config_path = None  # type: ignore[assignment]
    loading = _LOADING.set((config_path, env))
    try:
        loaded = _LoadedSettings()
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"setting {key}: {message}{more}") from None
    except SettingsError as exc:  # a TWINNING_ value that should be JSON and is not
        field = re.search(r'field "([^"]+)"', str(exc))
        name = ENV_PREFIX + (field.group(1).upper() if field else "…")
        raise ConfigError(
            f"{name}: not a valid value (write a JSON object, or set the "
            f"keys one by one as {name}__<KEY>)"
        ) from None
    finally:
        _LOADING.reset(loading)
    return Settings.model_validate(loaded.model_dump())
