"""Errors the fake Bot API answers with, worded like Telegram's."""

from __future__ import annotations

from typing import Any

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CONFLICT_GET_UPDATES = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
CHAT_NOT_FOUND = "Bad Request: chat not found"
TEXT_EMPTY = "Bad Request: message text is empty"
MUST_BE_NON_EMPTY = "Bad Request: message must be non-empty"
TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
TO_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
CANT_BE_EDITED = "Bad Request: message can't be edited"
TO_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
CANT_BE_DELETED = "Bad Request: message can't be deleted"
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"

#: The kinds of error a recorded call can carry.
REJECTED = "rejected"  # the bot broke one of Telegram's rules
INJECTED = "injected"  # the test asked for this failure (fail_next, block_user, ...)
UNSUPPORTED = "unsupported"  # a real Bot API method the fake does not implement


class ApiError(Exception):
    """An error response.  ``kind`` says whose fault it is (see the constants above)."""

    def __init__(
        self,
        description: str,
        status: int = 400,
        *,
        parameters: dict[str, Any] | None = None,
        kind: str = REJECTED,
        error_code: int | None = None,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.status = status
        self.error_code = status if error_code is None else error_code
        self.parameters = parameters
        self.kind = kind

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram would answer with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    """``Bad Request: <reason>``, lower-casing the first letter like the Bot API server does."""
    if len(reason) >= 2 and (reason[1] == "_" or reason[1].isupper()):
        text = reason
    else:
        text = reason[:1].lower() + reason[1:]
    return ApiError(f"Bad Request: {text}")
