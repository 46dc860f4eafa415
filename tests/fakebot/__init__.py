"""A loopback fake of the Telegram Bot API that enforces Telegram's rules.

End-to-end tests run the real bot against :class:`FakeTelegram`.  Every call Telegram would
reject (bad HTML, a 65-byte callback_data, an unchanged edit, an unknown chat, ...) gets
Telegram's own error response, is recorded in :attr:`FakeTelegram.rejected`, and makes
:meth:`FakeTelegram.assert_no_rejections` fail.

Import it as ``fakebot`` (pytest puts ``tests/`` on ``sys.path`` because ``tests/`` has no
``__init__.py``); ``tests.fakebot`` works too when the repository root is on the path.

In the test's event loop::

    from fakebot import FakeTelegram

    async with FakeTelegram() as tg:
        app = (
            ApplicationBuilder()
            .token(tg.token)
            .base_url(tg.base_url)
            .base_file_url(tg.base_file_url)
            .build()
        )
        ...                                   # start polling
        anna = tg.user(1001, "Anna", "lv")
        tg.send_text(anna, "/start")
        [reply] = await tg.wait_for_reply(anna)
        assert "Sveiki" in reply.text
        tg.click(anna, reply, "lang:en")
        tg.assert_no_rejections()

For a bot in a subprocess (``TELEGRAM_API_BASE_URL=tg.base_url``) or a synchronous test, run
the server in its own thread: ``with FakeTelegram() as tg:`` (or ``tg.start_in_thread()`` /
``tg.stop_thread()``) and use the same helpers; blocking waits are ``wait_*_sync``.
"""

from .errors import ApiError
from .formatting import EntityParseError, ParsedText, plain_text, utf16_len
from .html_check import parse_html
from .models import (
    CallbackAnswer,
    CallRecord,
    Chat,
    ChatMessage,
    InlineAnswer,
    SentDocument,
    StoredFile,
    User,
)
from .params import UploadedFile
from .server import DEFAULT_TOKEN, FakeTelegram

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "CallRecord",
    "CallbackAnswer",
    "Chat",
    "ChatMessage",
    "EntityParseError",
    "FakeTelegram",
    "InlineAnswer",
    "ParsedText",
    "SentDocument",
    "StoredFile",
    "UploadedFile",
    "User",
    "parse_html",
    "plain_text",
    "utf16_len",
]
