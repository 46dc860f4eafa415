"""The staff chat's working hours (settings.staff_hours): are the staff at work now, and if
not, when they are back, worded for the resident who just passed a question on:

    🕗 The staff work Mon–Fri, 8:00–17:00. Expect an answer when they are back: Monday,
    January 4, 8:00.

Day and month names come from CLDR (Babel) in the reply language. `now` is always given by
the caller (an aware datetime), so tests choose the moment.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_skeleton, format_time, get_day_names

from bot.config import WEEKDAYS, StaffHours
from bot.render.formats import cldr_locale
from bot.render.i18n import t

AWAY_MARK = "🕗"


def next_opening(hours: StaffHours, now: dt.datetime) -> dt.datetime | None:
    """None while the staff are at work at `now`; otherwise when they start next (in the
    hours' time zone)."""
    zone = hours.zone()
    local = now.astimezone(zone)
    if WEEKDAYS[local.weekday()] in hours.days and hours.start <= local.time() < hours.end:
        return None
    for ahead in range(8):  # a week on, the first working day comes round again
        day = local.date() + dt.timedelta(days=ahead)
        if WEEKDAYS[day.weekday()] in hours.days:
            opening = dt.datetime.combine(day, hours.start, tzinfo=zone)
            if opening > local:
                return opening
    raise AssertionError("StaffHours has at least one day")  # pragma: no cover


def working_days(lang: str, hours: StaffHours) -> str:
    """'Mon–Fri', 'Mon–Wed, Fri', 'pirmd.–piektd.', 'пн–пт': runs of three or more days
    joined by a dash."""
    names = get_day_names("abbreviated", locale=cldr_locale(lang))
    chosen = sorted({WEEKDAYS.index(day) for day in hours.days})
    runs: list[list[int]] = []
    for index in chosen:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts += [names[i] for i in run]
    return ", ".join(parts)


def _clock(lang: str, value: dt.time) -> str:
    return format_time(value, "H:mm", locale=cldr_locale(lang))


def away_notice(lang: str, hours: StaffHours | None, now: dt.datetime) -> str | None:
    """What to tell a resident who passes a question on outside the staff's hours (None
    when there are no hours, or the staff are at work)."""
    if hours is None:
        return None
    opening = next_opening(hours, now)
    if opening is None:
        return None
    today = now.astimezone(hours.zone()).date()
    clock = _clock(lang, hours.start)
    if opening.date() == today:
        when = t(lang, "today, {time}", time=clock)
    elif opening.date() == today + dt.timedelta(days=1):
        when = t(lang, "tomorrow, {time}", time=clock)
    else:
        locale = cldr_locale(lang)
        weekday = format_date(opening.date(), "EEEE", locale=locale)
        date = format_skeleton("MMMMd", opening.date(), locale=locale)
        when = f"{weekday}, {date}, {clock}"
    text = t(
        lang,
        "The staff work {days}, {hours}. Expect an answer when they are back: {when}.",
        days=working_days(lang, hours),
        hours=f"{clock}–{_clock(lang, hours.end)}",
        when=when,
    )
    return f"{AWAY_MARK} {text}"
