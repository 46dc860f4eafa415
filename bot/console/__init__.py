"""The staff console: the knowledge base edited with forms instead of YAML.

A small web server in the bot process (server.py, aiohttp), opened as a Telegram Mini App
from the admins' menu button or in a browser through a one-time login link from /console.
Edits collect in a draft (workspace.py) that is validated as a whole, previewed (the entries
and the answers that change), tried in a test pane, and published through the same keeper
as files sent from Telegram: the history records who published it, /rollback undoes it.

    auth.py       initData check, login links, sessions, CSRF
    forms.py      the inputs of each kind of entry; a submitted form -> the entry
    pages.py      the HTML, localised lv/ru/en
    workspace.py  the console's draft: save, remove, preview, publish
    server.py     the routes and the guard every request passes

Only the transport (bot/transport/console.py) imports telegram; this package does not.
"""
