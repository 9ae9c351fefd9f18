"""The interface in English, Chinese and Russian: the language of a view, the catalogs, and
dates and numbers written for the language (plain Python, no Streamlit).

- **Which language.** ``lang=en|zh|ru`` in the link (``PARAM_LANG``); without it, the browser's
  language (``st.context.locale``, read by components/web/ui.py) picks, English otherwise. A view's
  language is part of its filters (``Filters.lang``), so the memo keeps one view per language and
  a link reopens the view in the language it was made in.
- **The current language** is a context variable set where a view starts: the page's run
  (components/web/ui.py), a data route's request (components/web/api.py), the deck's command line. Every
  string a reader sees goes through :func:`_` (or :func:`N_` where a constant is defined at import
  time and translated where it is shown), so ``pybabel extract`` finds it (``make messages``).
- **Catalogs** are gettext ``.po`` files, ``i18n/locale/<lang>/LC_MESSAGES/messages.po``, read
  with Babel and compiled in memory when first used (fuzzy entries are not used: an entry a
  translator has not confirmed falls back to English). English is the source language.
- **Dates and numbers** through Babel: 17 June 2025, 2025年6月17日, 17 июня 2025 г.; money in one form
  per language: USD 106.3 bn, 1063亿美元, 106,3 млрд долл. США (:func:`format_usd`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd

from components import PROJECT_ROOT

LANGS: tuple[str, ...] = ("en", "zh", "ru")
DEFAULT_LANG = "en"
PARAM_LANG = "lang"
# Each language named in itself, as the switch shows it.
LANG_NAMES: dict[str, str] = {"en": "English", "zh": "中文", "ru": "Русский"}
# Babel's locale for each language: simplified Chinese as written in China.
BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "zh": "zh_Hans_CN", "ru": "ru_RU"}
LOCALE_DIR = PROJECT_ROOT / "i18n" / "locale"
DOMAIN = "messages"

_CURRENT: ContextVar[str] = ContextVar("cc5_lang", default=DEFAULT_LANG)
_LOCK = threading.Lock()


# --------------------------------------------------------------------------- which language


def current() -> str:
    """The language of the view being made (``en`` unless a view set another)."""
    return _CURRENT.get()


def activate(lang: str) -> None:
    """Make ``lang`` the language for the rest of this run (a page's script run)."""
    _CURRENT.set(lang if lang in LANGS else DEFAULT_LANG)


@contextmanager
def using(lang: str) -> Iterator[str]:
    """``with using("zh"):`` makes a view (a route's answer, a deck) in that language."""
    token = _CURRENT.set(lang if lang in LANGS else DEFAULT_LANG)
    try:
        yield current()
    finally:
        _CURRENT.reset(token)


def from_locale(locale: str | None) -> str:
    """The language for a browser's locale (``zh-CN`` → ``zh``, ``ru-KZ`` → ``ru``), else English."""
    if not locale:
        return DEFAULT_LANG
    head = str(locale).replace("_", "-").split("-")[0].strip().lower()
    return head if head in LANGS else DEFAULT_LANG


def lang_from_text(value: str) -> str | None:
    """A ``lang`` value from a link (``zh``, ``ZH``), or None when it is not one of the three."""
    text = value.strip().lower()
    return text if text in LANGS else None


# --------------------------------------------------------------------------- catalogs


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """The language's translations (msgid → msgstr), compiled from its ``.po`` file once per
    process; untranslated and fuzzy entries are left out, so they fall back to English."""
    if lang == DEFAULT_LANG:
        return {}
    path = po_path(lang)
    if not path.exists():
        return {}
    from babel.messages.pofile import read_po

    with _LOCK, path.open("rb") as fh:
        cat = read_po(fh, locale=BABEL_LOCALES[lang], domain=DOMAIN)
    out: dict[str, str] = {}
    for msg in cat:
        if not msg.id or msg.fuzzy:
            continue
        if isinstance(msg.id, tuple | list):
            # plural: kept as "singular\x00plural" -> "form0\x00form1\x00…"
            strings = [str(x) for x in msg.string] if isinstance(msg.string, tuple | list) else []
            if strings and all(strings):
                out["\x00".join(str(x) for x in msg.id)] = "\x00".join(strings)
        elif msg.string:
            out[str(msg.id)] = str(msg.string)
    return out


def gettext(message: str, lang: str | None = None) -> str:
    """``message`` in the language (the current one unless given); English when not translated."""
    lang = lang or current()
    if lang == DEFAULT_LANG or not message:
        return message
    return catalog(lang).get(message, message)


def _(message: str) -> str:
    """``message`` in the current language: every string a reader sees goes through here."""
    return gettext(message)


def N_(message: str) -> str:
    """Marks a constant for the catalog (``pybabel extract -k N_``) without translating it
    where it is defined; it is translated with :func:`_` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The singular or plural of a message for ``n`` in the language (Russian has three forms)."""
    lang = lang or current()
    if lang != DEFAULT_LANG:
        forms = catalog(lang).get(f"{singular}\x00{plural}")
        if forms:
            options = forms.split("\x00")
            index = _plural_index(lang, n)
            return options[min(index, len(options) - 1)]
    return singular if n == 1 else plural


def _plural_index(lang: str, n: int) -> int:
    if lang == "zh":
        return 0
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


def translated(messages: Mapping[str, str]) -> dict[str, str]:
    """A mapping of ids to labels (marked with ``N_``), translated into the current language."""
    return {k: _(v) for k, v in messages.items()}


# --------------------------------------------------------------------------- dates and numbers


def _locale(lang: str | None) -> str:
    return BABEL_LOCALES[lang or current()]


def format_date(value: date | datetime | pd.Timestamp | str | None, form: str = "long", lang: str | None = None) -> str:
    """A day written for the language: ``long`` 17 June 2025 / 2025年6月17日 / 17 июня 2025 г.;
    ``medium`` 17 Jun 2025 / 2025年6月17日 / 17 июн. 2025 г. Empty for no date."""
    from babel.dates import format_date as babel_date

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    day = pd.Timestamp(value).date() if not isinstance(value, date) or isinstance(value, datetime) else value
    return str(babel_date(day, format=form, locale=_locale(lang)))


def format_month(value: date | datetime | pd.Timestamp, lang: str | None = None) -> str:
    """A month and year: June 2025 / 2025年6月 / июнь 2025 г."""
    from babel.dates import format_skeleton

    day = pd.Timestamp(value).to_pydatetime()
    return str(format_skeleton("yMMMM", day, locale=_locale(lang)))


def format_ago(day: date, today: date, lang: str | None = None) -> str:
    """How long before ``today`` the day was, in whole units counted down (never rounded up) and
    written by Babel in the language: 17 months ago / 17个月前 / 17 месяцев назад. Days under two
    weeks, weeks under two months, calendar months under two years, then years."""
    from datetime import timedelta

    from babel.dates import format_timedelta

    unit: Literal["day", "week", "month", "year"]
    days = max((today - day).days, 0)
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if days == 0:
        return gettext(N_("today"), lang)
    if days < 14:
        unit, count, seconds = "day", days, 86400
    elif months < 2:
        unit, count, seconds = "week", days // 7, 7 * 86400
    elif months < 24:
        unit, count, seconds = "month", months, 30 * 86400
    else:
        unit, count, seconds = "year", months // 12, 365 * 86400
    # Babel's own choice of unit rounds (2.5 years → "3 years"); the unit is chosen above instead
    return str(format_timedelta(timedelta(seconds=-count * seconds), granularity=unit, threshold=1e9,
                                add_direction=True, locale=_locale(lang)))


def format_number(value: float | int, digits: int = 0, lang: str | None = None) -> str:
    """A number with the language's separators: 1,234.5 / 1,234.5 / 1 234,5."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=_locale(lang)))


def format_usd(value: float, lang: str | None = None, digits: int = 1) -> str:
    """An amount in US dollars in the one form each language writes money: USD 48.6 bn, 486亿美元,
    48,6 млрд долл. США. ``digits`` are the decimals of billions (of 亿 one fewer)."""
    lang = lang or current()
    if lang == DEFAULT_LANG:
        if abs(value) >= 1e9:
            return f"USD {value / 1e9:,.{digits}f} bn"
        if abs(value) >= 1e6:
            return f"USD {value / 1e6:,.{digits}f} m"
        return f"USD {value:,.0f}"
    if lang == "zh":  # 1063亿美元, 43.8亿美元, 5000万美元: no grouping before 亿/万
        for step, word in ((1e8, "亿"), (1e4, "万")):
            if abs(value) >= step:
                x = value / step
                return f"{round(x, max(digits - 1, 0) if abs(x) >= 10 else digits):.10g}{word}美元"
        return f"{value:.10g}美元"
    for step, word in ((1e9, "млрд "), (1e6, "млн ")):
        if abs(value) >= step:
            x = value / step
            return f"{format_number(x, digits if step > 1e6 or abs(x) < 10 else 0, lang)} {word}долл. США"
    return f"{format_number(value, 0, lang)} долл. США"


USD_BN_SCALE: dict[str, float] = {"zh": 10.0}  # 1 bn = 10 亿: Chinese counts money in 亿美元


def usd_bn_scale(lang: str | None = None) -> float:
    """What an amount in USD bn is multiplied by to be counted in the language's money unit, the one
    its headings name ("USD bn" is 亿美元 in the Chinese catalog, млрд долл. США in the Russian)."""
    return USD_BN_SCALE.get(lang or current(), 1.0)


def list_text(items: Iterable[str], lang: str | None = None) -> str:
    """Items joined as a list in prose: ``a, b, c``; in Chinese with the enumeration comma ``、``."""
    return ("、" if (lang or current()) == "zh" else ", ").join(items)


def year_range(first: int, last: int, lang: str | None = None) -> str:
    """Years as a range in prose: 2020–2026 (en, ru); 2020—2026年 in Chinese (one year: 2023年)."""
    if (lang or current()) == "zh":
        return f"{first}年" if first == last else f"{first}—{last}年"
    return f"{first}" if first == last else f"{first}–{last}"


def midline(label: str, lang: str | None = None) -> str:
    """A label (a status, a kind) set inside a sentence: Russian lower-cases its first letter
    (один источник, not Один источник; an acronym such as ШОС stays); other languages keep it."""
    if (lang or current()) != "ru" or not label or (len(label) > 1 and label[1].isupper()):
        return label
    return label[0].lower() + label[1:]


def aside(label: str, lang: str | None = None) -> str:
    """A label in brackets after a text: `` (single source)``; Chinese full-width brackets with no
    space: ``（单一来源）``; Russian lower-case (:func:`midline`)."""
    lang = lang or current()
    return f"（{label}）" if lang == "zh" else f" ({midline(label, lang)})"


def aside_parts(text: str, label: str, lang: str | None = None) -> tuple[str, str]:
    """``text`` and the ``label`` set after it in brackets, as two parts (they may be styled apart);
    a text that already ends in a bracket takes the label inside it, never a second bracket:
    中国—中亚贸易额…（2025年：1063亿美元；已证实）, … (2025 г.; подтверждено)."""
    lang = lang or current()
    if text.endswith(("）", ")")):
        sep = "；" if lang == "zh" else "; "
        return text[:-1], f"{sep}{midline(label, lang)}{text[-1]}"
    return text, aside(label, lang)


def semicolon_join(items: Iterable[str], lang: str | None = None) -> str:
    """Items joined by a semicolon in prose: ``a; b``; in Chinese the full-width ``a；b``."""
    return choose(("; ", "；", "; "), lang).join(items)


def quoted(text: str, lang: str | None = None) -> str:
    """A value quoted back to the reader with the language's quotes: 'x', 「x」, «x»."""
    return choose(("'{}'", "「{}」", "«{}»"), lang).format(text)


def choose(options: Sequence[str], lang: str | None = None) -> str:
    """Of ``(en, zh, ru)`` variants, the one for the language."""
    lang = lang or current()
    return options[LANGS.index(lang)] if len(options) == len(LANGS) else options[0]


def one_stop(text: str) -> str:
    """One full stop where a sentence ends after a date that has its own (Russian "6 декабря
    2026 г." before ". Каждый факт…"): "г.." becomes "г."; an ellipsis ("...") is left alone."""
    return re.sub(r"(?<!\.)\.\.(?=\s|$)", ".", text)
