"""The Telegram transport: the only package that imports telegram.

    app.py        wiring: build_application() and run_bot() (polling or webhook)
    commands.py   the one list of commands: /help, the command menu and the handlers
    handlers.py   what the bot does with each kind of update; the error handler
    views.py      the screens (menus and cards), built as engine Answers and rendered
    keyboards.py  inline keyboards and their short, versioned callback data
    inline.py     inline mode: @bot zgierz in any chat
    language.py   which language to answer a user in
    context.py    the typed CallbackContext holding the engine, the store and the settings
    runtime.py    per-chat ordering of updates (concurrent across chats); the heartbeat
    logs.py       logging that never shows the token

Data flows one way: update -> handler -> engine -> Answer -> renderer -> Telegram.
"""
