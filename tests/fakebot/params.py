"""Request parameters as the Bot API reads them.

PTB 22.8 (``HTTPXRequest``) posts ``application/x-www-form-urlencoded`` bodies for ordinary
calls and ``multipart/form-data`` when files are uploaded; in both, every non-string value is
JSON-encoded (``"123"``, ``"true"``, ``'{"inline_keyboard": ...}'``).  Other clients post JSON
bodies with native values.  :class:`Params` reads both the way the Bot API server does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .errors import ApiError, bad_request

#: Parameters whose value is a JSON object or array.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "results",
        "link_preview_options",
        "reply_parameters",
        "allowed_updates",
        "menu_button",
        "button",
        "media",
        "message_ids",
        "rights",
    }
)
_INT_FIELDS = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "max_connections",
        "reply_to_message_id",
        "message_thread_id",
        "live_period",
        "heading",
        "proximity_alert_radius",
        "user_id",
        "duration",
        "width",
        "height",
    }
)
_FLOAT_FIELDS = frozenset({"latitude", "longitude", "horizontal_accuracy"})
_BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "is_personal",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "disable_content_type_detection",
        "show_caption_above_media",
        "has_spoiler",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    content_type: str

    def __repr__(self) -> str:
        return f"UploadedFile({self.filename!r}, {len(self.content)} bytes, {self.content_type})"


class Params:
    """Raw request parameters with typed accessors that raise Telegram-style errors."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile] | None = None):
        self.values = values
        self.files = files or {}

    def __contains__(self, name: str) -> bool:
        return name in self.values and self.values[name] is not None

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value)

    def required_str(self, name: str) -> str:
        value = self.get_str(name)
        if not value:
            raise bad_request(f'Parameter "{name}" is required')
        return value

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        try:
            return int(str(value).strip())
        except ValueError:
            raise bad_request(f"Invalid {name} specified") from None

    def get_float(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        try:
            return float(str(value).strip())
        except ValueError:
            raise bad_request(f"Invalid {name} specified") from None

    def get_bool(self, name: str) -> bool:
        """Like the Bot API's ``to_bool``: "true", "yes" and "1" are true, anything else false."""
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        return str(value).strip().lower() in {"true", "yes", "1"}

    def get_json(self, name: str, what: str | None = None) -> Any:
        """A JSON-valued parameter, decoded; ``None`` when absent or empty."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"Can't parse {what or name} JSON object") from None

    def file_or_ref(self, name: str) -> UploadedFile | str | None:
        """A file parameter: an uploaded part (also via ``attach://``) or a file_id/URL string."""
        if name in self.files:
            return self.files[name]
        value = self.get_str(name)
        if value and value.startswith("attach://"):
            part = self.files.get(value[len("attach://") :])
            if part is None:
                raise ApiError(f"Bad Request: there is no {name} in the request")
            return part
        return value or None

    def normalised(self) -> dict[str, Any]:
        """Parameters decoded for recording and assertions (JSON fields parsed, numbers typed)."""
        result: dict[str, Any] = {}
        for name, value in self.values.items():
            if value is None:
                continue
            try:
                if name in JSON_FIELDS:
                    result[name] = self.get_json(name)
                elif name in _INT_FIELDS:
                    result[name] = self.get_int(name)
                elif name in _FLOAT_FIELDS:
                    result[name] = self.get_float(name)
                elif name in _BOOL_FIELDS:
                    result[name] = self.get_bool(name)
                elif name in {"chat_id", "from_chat_id"}:
                    text = self.get_str(name) or ""
                    result[name] = int(text) if text.lstrip("-").isdigit() else text
                else:
                    result[name] = value
            except ApiError:
                result[name] = value
        for name, part in self.files.items():
            result[name] = part
        return result
