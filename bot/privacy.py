"""Masking personal data in a question before it is stored.

    mask_personal_data("Call me at +371 2912 3456 or anna@example.lv")
    -> "Call me at [phone] or [e-mail]"

What is masked, in this order (an earlier kind wins where two overlap):

- e-mail addresses (also written with "(at)" / "[at]") -> ``[e-mail]``;
- international phone numbers (``+`` or ``00``, then 7-15 digits with spaces, dots, hyphens
  or brackets) -> ``[phone]``;
- Latvian personal codes, DDMMYY-NNNNN and the newer 32NNNN-NNNNN, with or without the
  hyphen -> ``[personal code]``;
- long numbers written in groups (a card number, 1234 5678 9012 3456) -> ``[number]``;
- Latvian phone numbers of 8 digits starting with 2 (mobile) or 6 (landline), written
  together or in the usual groups (29 123 456, 2912 3456, 291 23 456, 29 12 34 56) ->
  ``[phone]``; two years ("2011 2012", "2007-2011") are not taken for one;
- any other run of 7 or more digits -> ``[number]``.

Years, dates (2011-09-23, 23.09.2011), year ranges (2007-2011) and short numbers stay:
the statistics need them, and they identify nobody. The markers are fixed English tokens,
the same whatever the language of the question (the log is read by staff, not by residents).
A leaf module: only the standard library.
"""

from __future__ import annotations

import re

EMAIL = "[e-mail]"
PERSONAL_CODE = "[personal code]"
PHONE = "[phone]"
NUMBER = "[number]"

_DOT = r"(?:\.|\s*[(\[]\s*dot\s*[)\]]\s*)"
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"  # the characters of an address's local part
# Starts only where a run of those characters starts, and takes the run whole: linear time
# on 4096 characters of them (a regex that may start anywhere in the run is quadratic).
_EMAIL = re.compile(
    rf"(?<!{_LOCAL}){_LOCAL}++(?:@|\s*[(\[]\s*at\s*[)\]]\s*)"
    rf"[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[\w-]*[^\W\d_][\w-]*",
    re.IGNORECASE,
)
_HYPHEN = r"[-‐‑–]"  # a hyphen, or the dashes an editor may turn it into
_PERSONAL_CODE = re.compile(rf"(?<![\d+])(\d{{6}})(\s?{_HYPHEN}\s?|\s)?\d{{5}}(?!\d)")
_INTERNATIONAL = re.compile(r"(?:\+|(?<!\w)00)\s?\(?\d(?:[\s.()-]{0,2}\d){6,14}(?!\d)")
_SEP = r"[ \u00a0\u2009\u202f.-]"  # what people put between the groups of a phone number
_LATVIAN_PHONE = re.compile(
    rf"(?<![\d.,-])[26](?:\d{{7}}|\d{_SEP}\d{{3}}{_SEP}\d{{3}}|\d{{3}}{_SEP}\d{{4}}"
    rf"|\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{3}}|\d{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}})(?!\d)"
)
_GROUPED = re.compile(r"(?<![\d.,-])\d{2,}(?:[ -]\d{2,}){2,}(?!\d)")
_LONG_RUN = re.compile(r"\d{7,}")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _personal_code(match: re.Match[str]) -> str:
    """6+5 digits with a hyphen is a code's shape; 11 digits in a row are one if they start
    with a date (DDMMYY) or with 32 (the codes issued since 2017)."""
    start = match[1]
    day, month = int(start[:2]), int(start[2:4])
    if match[2] or start.startswith("32") or (1 <= day <= 31 and 1 <= month <= 12):
        return PERSONAL_CODE
    return NUMBER


def _international(match: re.Match[str]) -> str:
    if not 7 <= len(_digits(match[0])) <= 15:
        return match[0]
    # "(+371) 2912 3456": the bracket opened before the match is closed inside it
    return PHONE + ")" * (match[0].count(")") - match[0].count("("))


def _latvian_phone(match: re.Match[str]) -> str:
    groups = re.split(_SEP, match[0])
    if len(groups) == 2 and all(_YEAR.match(g) for g in groups):
        return match[0]  # "2011 2012", "2007-2011": two years, not a phone
    return PHONE


def _grouped(match: re.Match[str]) -> str:
    groups = re.split(r"[ -]", match[0])
    if len(_digits(match[0])) < 9 or all(_YEAR.match(g) for g in groups):
        return match[0]  # "12 34 56", "2007 2011 2015"
    return NUMBER


def mask_personal_data(text: str) -> str:
    """`text` with e-mail addresses, personal codes, phone numbers and long numbers replaced
    by markers; everything else unchanged."""
    text = _EMAIL.sub(EMAIL, text)
    text = _INTERNATIONAL.sub(_international, text)  # "+1 000000 00000" is no personal code
    text = _PERSONAL_CODE.sub(_personal_code, text)
    text = _GROUPED.sub(_grouped, text)  # before the phones: a card number is no phone
    text = _LATVIAN_PHONE.sub(_latvian_phone, text)
    return _LONG_RUN.sub(NUMBER, text)
