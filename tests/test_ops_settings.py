"""Settings through pydantic-settings: the YAML file, TWINNING_* with `__` nesting, the fixed
environment names, one-line errors, and config.py as a leaf that loads no engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings
from bot.options import engine_options

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "config" / "settings.yaml"
HOME = {"lv": ("rēzekn*", "rezekn*"), "ru": ("резекн*", "режиц*"), "en": ("rēzekn*", "rezekn*")}


def test_reading_the_settings_loads_no_engine_no_babel_no_telegram() -> None:
    code = (
        "import sys; from bot.config import load_settings; load_settings(env={}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('rapidfuzz', 'babel', 'telegram') or m.startswith('bot.engine')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_the_shipped_file_and_the_defaults_agree_but_for_the_municipality() -> None:
    """The shipped file names the municipality; the code's defaults name none."""
    shipped, default = load_settings(SHIPPED, env={}), Settings()
    own = {"municipality", "home_names"}
    assert shipped.model_dump(exclude=own) == default.model_dump(exclude=own)
    assert default.home_names == {} and default.municipality["en"] == "the municipality"
    assert shipped.municipality["en"] != default.municipality["en"] and shipped.home_names


def test_home_names_default_and_reach_the_engine() -> None:
    settings = load_settings(SHIPPED, env={})
    assert settings.home_names == HOME
    assert engine_options(settings).home_names == ("rēzekn*", "rezekn*", "резекн*", "режиц*")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TWINNING_HOME_NAMES__RU": "режиц*, резекненск*"}, ("режиц*", "резекненск*")),
        ({"TWINNING_HOME_NAMES": '{"ru": ["режиц*"]}'}, ("режиц*",)),
    ],
)
def test_home_names_from_the_environment(env: dict[str, str], expected: tuple[str, ...]) -> None:
    settings = load_settings(SHIPPED, env=env)
    assert settings.home_names["ru"] == expected
    if "__" in next(iter(env)):  # one language overridden: the others stay as in the file
        assert settings.home_names["lv"] == HOME["lv"]


def test_nested_and_list_values_from_the_environment() -> None:
    settings = load_settings(
        SHIPPED,
        env={
            "TWINNING_MATCHING__NAME_MIN_SCORE": "85",
            "TWINNING_LANGUAGES": "lv, en",
            "TWINNING_DEFAULT_LANGUAGE": "en",
            "TWINNING_MUNICIPALITY__EN": "Rēzekne",
            "TWINNING_STAFF_CHAT_ID": "-1001",
            "TWINNING_CONFIG": "ignored here: the path argument wins",
        },
    )
    assert settings.matching.name_min_score == 85
    assert settings.matching.entity_min_score == 80  # the rest of the section as in the file
    assert settings.languages == ("lv", "en") and settings.default_language == "en"
    assert settings.municipality["en"] == "Rēzekne"
    assert settings.municipality["lv"] == "Rēzeknes novada pašvaldība"
    assert settings.staff_chat_id == -1001


def test_the_fixed_environment_names() -> None:
    settings = load_settings(
        SHIPPED,
        env={
            "TELEGRAM_BOT_TOKEN": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "TELEGRAM_WEBHOOK_SECRET": "s3cret",
            "BOT_ADMIN_IDS": "11, 22;33",
            "BOT_DATA_DIR": "/srv/bot",
        },
    )
    assert settings.require_token() == "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert settings.api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "s3cret"
    assert settings.admin_ids == {11, 22, 33}
    assert settings.data_dir == Path("/srv/bot")
    assert "ABCDEF" not in repr(settings)  # the token is a secret


def test_environment_overrides_the_file_and_the_file_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("default_language: ru\nrate_limit_messages: 5\n", encoding="utf-8")
    settings = load_settings(path, env={"TWINNING_RATE_LIMIT_MESSAGES": "7"})
    assert settings.default_language == "ru" and settings.rate_limit_messages == 7
    assert load_settings(env={"TWINNING_CONFIG": str(path)}).default_language == "ru"


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("languages: [lv, ru\n", {}, "settings.yaml:2: the settings file is not valid YAML"),
        ("- lv\n", {}, "expected 'name: value' settings"),
        ("token: 123456:ABC\n", {}, "secrets are read from the environment only"),
        ("colour: red\n", {}, "setting colour: Extra inputs are not permitted"),
        ("", {"TWINNING_DEFAULT_LANGUAGE": "de"}, "default_language: 'de' is not one of"),
        ("", {"TWINNING_MATCHING__NAME_MIN_SCORE": "200"}, "setting matching.name_min_score:"),
        ("", {"TWINNING_MATCHING__COLOUR": "1"}, "setting matching.colour:"),
        ("", {"TWINNING_MATCHING": "{oops"}, "TWINNING_MATCHING: not a valid value"),
        ("", {"TWINNING_COLOUR": "red"}, "TWINNING_COLOUR is not a setting"),
        ("", {"TWINNING_TOKEN": "x"}, "TWINNING_TOKEN is not a setting: use TELEGRAM_BOT_TOKEN"),
        ("", {"BOT_ADMIN_IDS": "12,abc"}, "BOT_ADMIN_IDS must be comma-separated numeric"),
        ("home_names: {de: [x]}\n", {}, "home_names: only lv, ru and en are supported"),
    ],
)
def test_every_mistake_is_one_line_naming_the_setting(
    tmp_path: Path, text: str, env: dict[str, str], message: str
) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path, env=env)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_missing_settings_file_is_an_error_only_when_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="the settings file does not exist"):
        load_settings(tmp_path / "nope.yaml", env={})
    with pytest.raises(ConfigError, match="the settings file does not exist"):
        load_settings(env={"TWINNING_CONFIG": str(tmp_path / "nope.yaml")})


def test_settings_built_in_code_read_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWINNING_DEFAULT_LANGUAGE", "en")
    assert Settings().default_language == "lv"
