"""The Telegram transport: the only package that imports telegram.

    app.py        wiring: build_application() and run_bot() (polling or webhook)
    commands.py   the one list of commands: /help, the command menu and the handlers
    handlers.py   what the bot does with each kind of update; the error handler
    views.py      the screens (menus and cards), built as engine Answers and rendered
    keyboards.py  inline keyboards and their short, versioned callback data
    inline.py     inline mode: @bot <name> in any chat
    language.py   which language to answer a user in
    context.py    the typed CallbackContext holding the engine, the store and the settings
    runtime.py    per-chat ordering of updates (concurrent across chats); per-chat memory
                  that expires; the heartbeat
    logs.py       logging that never shows the token
    lifecycle.py  the process: start, stop on SIGTERM within a deadline, 409 and 401 stops
    delivery.py   which Bot API calls are repeated (at most once per answer); resume offset
    flood.py      per-user rate limit with one polite "slow down"
    staff.py      staff tools: live reload, /reload, /kb, uploads, /rollback, /stats
    handoff.py    "Ask the municipality": questions passed to the staff chat and back
    privacy.py    /privacy, /forgetme and the retention job
    tools.py      wiring of the staff, handoff and privacy handlers and jobs

Data flows one way: update -> handler -> engine -> Answer -> renderer -> Telegram.
"""
