"""The three languages' core: the language of a link, the catalogs, dates and numbers.

The catalog checks are the gate for translators: every string the code marks is in both catalogs,
translated, not fuzzy, with the same placeholders; the template is what the code holds now.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from components.data import i18n
from components.data.filters import Filters, country_from_text, parse_lang, parse_query
from components.data.i18n import _

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}  # as `make messages`: pybabel's defaults (_, gettext, ngettext…) and N_
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def _catalog(lang: str):
    with i18n.po_path(lang).open("rb") as fh:
        return read_po(fh, locale=i18n.BABEL_LOCALES[lang])


def _code_messages() -> set[str]:
    """Every msgid the code marks now (what `make messages` extracts)."""
    found: set[str] = set()
    method_map = [("components/**.py", "python"), ("pages/**.py", "python"), ("app.py", "python")]
    for _fname, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.add("\x00".join(message) if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("lang", ["zh", "ru"])
def test_every_marked_string_is_translated_and_none_is_fuzzy(lang):
    cat = _catalog(lang)
    ids = {("\x00".join(m.id) if isinstance(m.id, tuple | list) else m.id): m for m in cat if m.id}
    code = _code_messages()
    missing = sorted(code - set(ids))
    assert not missing, f"{len(missing)} string(s) not in the {lang} catalog (run make messages): {missing[:10]}"
    fuzzy = [k for k, m in ids.items() if m.fuzzy]
    assert not fuzzy, fuzzy[:10]
    empty = [k for k, m in ids.items() if not (all(m.string) if isinstance(m.string, tuple | list) else m.string)]
    assert not empty, f"{len(empty)} untranslated in {lang}: {empty[:10]}"
    for k, m in ids.items():
        source = m.id[-1] if isinstance(m.id, tuple | list) else m.id
        for text in m.string if isinstance(m.string, tuple | list) else [m.string]:
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), (lang, k, text)
    stale = sorted(set(ids) - code)
    assert not stale, f"entries no code uses (run make messages): {stale[:10]}"


def test_translations_are_in_the_language():
    """A translated entry is written in its language: Chinese has Han characters, Russian Cyrillic
    (short technical entries such as 'CSV' or '{n}' excepted)."""
    han, cyr = re.compile(r"[\u4e00-\u9fff]"), re.compile(r"[\u0400-\u04ff]")
    for lang, script in (("zh", han), ("ru", cyr)):
        for m in _catalog(lang):
            if not m.id:
                continue
            source = m.id[-1] if isinstance(m.id, tuple | list) else m.id
            words = re.findall(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", source))
            if len(words) < 2:
                continue
            for text in m.string if isinstance(m.string, tuple | list) else [m.string]:
                assert script.search(text), (lang, source, text)


def test_the_language_comes_from_the_link_else_the_fallback():
    assert parse_lang(["zh"]) == ("zh", [])
    assert parse_lang(["RU "]) == ("ru", [])
    assert parse_lang([], "ru") == ("ru", [])
    lang, notices = parse_lang(["de"], "zh")
    assert lang == "zh" and notices[0].param == "lang" and notices[0].value == "de"
    assert parse_lang(["zh", "ru"])[1], "two values are one too many"
    assert i18n.from_locale("zh-CN") == "zh" and i18n.from_locale("ru_KZ") == "ru"
    assert i18n.from_locale("kk-KZ") == "en" and i18n.from_locale(None) == "en"


def test_the_language_is_part_of_the_view_and_its_link():
    f, notices = parse_query({"lang": ["ru"], "country": ["Казахстан"]})
    assert not notices and f.lang == "ru" and f.countries == ("KAZ",)
    # the link names the countries as the page in its language writes them (README, "Languages")
    assert f.to_query() == {"country": ["Казахстан"], "lang": ["ru"]}
    assert Filters().to_query() == {}, "English, the default, is left out of the link"
    assert parse_query({}, default_lang="zh")[0].lang == "zh"
    for name in ("Kazakhstan", "Казахстан", "哈萨克斯坦"):
        assert country_from_text(name) == "KAZ"


def test_describe_is_worded_in_the_views_language():
    f = Filters(("KAZ", "UZB"), (2023, 2025), lang="zh")
    assert f.describe() == "哈萨克斯坦、乌兹别克斯坦；2023—2025年"
    assert Filters(("KAZ",), (2024, 2024), lang="ru").describe() == "Казахстан; 2024"
    assert Filters().describe() == "all six countries; 2020–2026"
    since = date(2026, 11, 1)
    assert Filters(since=since, lang="zh").describe().endswith("；2020—2026年；" + i18n.gettext(
        "changes since {day} marked", "zh").format(day="2026年11月1日"))  # the day in words, as the legend has it
    assert "1 ноября 2026\u202fг." in Filters(since=since, lang="ru").describe()
    assert Filters(since=since).describe().endswith("; changes since 2026-11-01 marked")


def test_dates_and_numbers_are_written_for_the_language():
    day = date(2025, 6, 17)
    assert i18n.format_date(day, lang="zh") == "2025年6月17日"
    assert i18n.format_date(day, lang="ru") == "17 июня 2025\u202fг."  # CLDR: a narrow no-break space before г.
    assert i18n.format_date(day, lang="en") == "17 June 2025"
    assert i18n.format_usd(106.3e9, lang="ru") == "106,3 млрд долл. США"
    assert i18n.format_usd(106.3e9, lang="zh") == "1063亿美元"
    assert i18n.format_usd(106.3e9, lang="en") == "USD 106.3 bn"
    assert i18n.format_number(1234567, lang="ru") == "1\xa0234\xa0567"


def test_russian_has_three_plural_forms_and_chinese_one():
    assert [i18n._plural_index("ru", n) for n in (1, 2, 5, 11, 21, 22, 25)] == [0, 1, 2, 2, 0, 1, 2]
    assert i18n._plural_index("zh", 5) == 0
    assert i18n.ngettext("{n} event", "{n} events", 1, lang="en") == "{n} event"


def test_the_current_language_is_per_context_and_restored():
    assert i18n.current() == "en"
    with i18n.using("zh"):
        assert i18n.current() == "zh"
        with i18n.using("xx"):
            assert i18n.current() == "en", "an unknown language is English"
        assert i18n.current() == "zh"
    assert i18n.current() == "en"
    assert _("Countries") == "Countries"


def test_views_are_kept_per_language():
    from components.data.dataset import load_dataset
    from components.views.memo import memo

    dataset = load_dataset()

    calls: list[str] = []

    def view(ds, f):
        calls.append(i18n.current())
        return _("Countries")

    f = Filters()
    english = memo(view, dataset, f)
    with i18n.using("ru"):
        russian = memo(view, dataset, f)
    assert calls == ["en", "ru"] and english == "Countries" and russian != english


def test_money_is_written_one_way_per_language_on_every_page():
    """One form per language: 486亿美元 / 48,6 млрд долл. США in prose, and the headings name that
    unit (亿美元: the Chinese charts and tables count in 亿, ten to a billion)."""
    import json

    import pandas as pd

    from components import views
    from components.data.dataset import load_dataset
    from components.data.datatext import localized
    from components.render.tables import usd_bn

    ds = load_dataset()
    assert [i18n.format_usd(48.6e9, lang=lang) for lang in i18n.LANGS] == [
        "USD 48.6 bn", "486亿美元", "48,6 млрд долл. США"]
    with i18n.using("zh"):
        assert usd_bn(43.82, 2) == "438.2亿美元" and i18n.format_usd(208e6) == "2.1亿美元"
    with i18n.using("ru"):
        assert i18n.format_usd(500e6) == "500 млн долл. США"
    y: dict[str, list[float]] = {}
    for lang in i18n.LANGS:
        with i18n.using(lang):
            d = localized(ds, lang) if lang != "en" else ds
            f = Filters(lang=lang)
            cmp, kaz = views.compare_view(d, f, ("KAZ", "UZB")), views.country_view(d, f, "KAZ")
            ov = views.overview_view(d, f, pd.Timestamp("2026-12-01"))
            mp = views.map_view(d, f, "trade")
            texts = [cmp.chart.title, kaz.chart.title, cmp.table.to_csv(), kaz.trade_table.to_csv(),
                     *(json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)
                       for fig in (cmp.trade_figure, kaz.trade_figure)),
                     *(f"{h.label} {h.value}" for h in ov.headline), mp.table.to_csv(), mp.legend.to_csv(),
                     mp.model.measure_label]
            y[lang] = [v for t in cmp.trade_figure.data for v in t.y]
        blob = " ".join(texts)
        if lang == "zh":
            assert "十亿" not in blob and "USD" not in blob and "亿美元" in blob, blob[:400]
        if lang == "ru":
            assert "USD" not in blob and "млрд долл. США" in blob and "сотни млн" not in blob
    assert y["zh"] == pytest.approx([v * 10 for v in y["en"]]) and y["ru"] == pytest.approx(y["en"])


def test_brackets_stops_and_capitals_inside_a_line_follow_the_language():
    from datetime import date as day

    from components.data import registry
    from components.data.dataset import load_dataset
    from components.data.labels import status_label
    from components.exports.briefing.slides import _event_lines
    from components.exports.citation import cite
    from components.render.tables import place_text
    from components.views import EventItem

    with i18n.using("zh"):
        assert place_text("努尔苏丹（今阿斯塔纳）", "KAZ") == "哈萨克斯坦努尔苏丹（今阿斯塔纳）"
        assert place_text("阿斯塔纳", "KAZ") == "阿斯塔纳（哈萨克斯坦）"
        assert i18n.aside(status_label("single_source")) == "（单一来源）"
    with i18n.using("ru"):
        assert place_text("Нур-Султан (ныне Астана)", "KAZ") == "Нур-Султан (ныне Астана), Казахстан"
        assert i18n.aside(status_label("single_source")) == " (один источник)"
        assert i18n.midline("ШОС") == "ШОС"
        ds = load_dataset()
        text = cite(ds, Filters(lang="ru"), registry.page("timeline"), "http://h", day(2026, 12, 6)).plain()
        assert "г.." not in text and "г. http://h/timeline" in text, text
        from components import views
        from components.data.datatext import localized

        first = views.compare_view(localized(ds, "ru"), Filters(lang="ru"), ("KAZ", "UZB")).table.iloc[6, 1]
        assert first.endswith("(видеоконференция)"), first  # a label inside a line, lower case
    with i18n.using("en"):
        assert i18n.aside("Single source") == " (Single source)"
    assert i18n.aside_parts("中国—中亚贸易额首次突破1000亿美元（2025年：1063亿美元）", "已证实", "zh") == (
        "中国—中亚贸易额首次突破1000亿美元（2025年：1063亿美元", "；已证实）")
    ru_line = "".join(i18n.aside_parts("Товарооборот (2025 г.)", "Подтверждено", "ru"))
    assert ru_line == "Товарооборот (2025 г.; подтверждено)"
    with i18n.using("zh"):
        latest = views.compare_view(localized(ds, "zh"), Filters(years=(2022, 2022), lang="zh"), ("KAZ",)).table
    assert "努尔苏丹（今阿斯塔纳）" in latest.iloc[7, 1]
    assert "）（" not in latest.to_csv() and "（努尔" not in latest.to_csv()
    assert i18n.semicolon_join(["甲", "乙"], "zh") == "甲；乙" and i18n.semicolon_join(["a", "b"], "ru") == "a; b"
    assert i18n.year_range(2020, 2026, "zh") == "2020—2026年" and i18n.year_range(2023, 2023, "zh") == "2023年"
    for lang, want in (("zh", "（单一来源）"), ("ru", " (один источник)")):
        with i18n.using(lang):
            runs = _event_lines((EventItem("2025-06-17", "T", status_label("single_source"), False, ()),))
        assert runs[0][2][0] == want


def test_the_native_readers_wordings_are_used_everywhere():
    """One wording for one thing: the names a native reader asked for, in the catalogs and in
    data/translations.csv alike (issue 21)."""
    import csv

    rows = list(csv.DictReader(open(ROOT / "data" / "translations.csv", encoding="utf-8")))
    text = {lang: " ".join(r["text"] for r in rows if r["lang"] == lang) for lang in ("zh", "ru")}
    other_order = re.compile(r"Центральная Азия\s?[—–-]\s?Китай")
    ru_order = [r["text"] for r in rows if r["lang"] == "ru" and other_order.search(r["text"])]
    # aside: the pipeline's name, and the Secretariat's regulations quoted by the title the
    # Central Asian acts give them («Положение о Секретариате формата «Центральная Азия — Китай»»)
    assert all("азопровод" in t or "Положени" in t for t in ru_order), "one order «Китай — Центральная Азия»"
    assert "中国中亚合作" not in text["zh"] and "中国—中亚合作高质量发展年" in text["zh"]
    assert "中国同中亚五国建交30周年视频峰会" in text["zh"] and "中国—中亚机制秘书处" in text["zh"]
    assert "Видеосаммит" in text["ru"] and "Виртуальный саммит" not in text["ru"]
    assert "Гуманитарные обмены" in text["ru"] and "Промышленно-инвестиционное сотрудничество" in text["ru"]
    zh, ru = (lambda m, lang=lang: i18n.gettext(m, lang) for lang in ("zh", "ru"))
    assert zh("Sectoral ministerial meeting") == "行业部长级会议"
    assert zh("Years of High-quality Development") == "中国—中亚合作高质量发展年"
    assert zh("Latest date") == "最新日期"
    assert ru("Events hosted, {years}") == "События по принимающим странам, {years}"
    assert (ru("Meetings hosted"), ru("Meetings attended")) == ("Принимала встречи", "Участие во встречах")
    assert ru("Institution") == "Учреждение" and ru("Sector") == "Сфера" and ru("relay") == "перепечатка"
    assert ru("China–Central Asia Cooperation Monitor") == "Мониторинг сотрудничества «Китай — Центральная Азия»"
    for lang in ("zh", "ru"):
        catalog = " ".join(str(m.string) for m in _catalog(lang) if m.id)
        assert "十亿" not in catalog and "部长级会议（行业）" not in catalog and "ретрансляц" not in catalog
        assert "Центральная Азия — Китай" not in catalog and "中国中亚" not in catalog


def test_a_date_that_ends_a_sentence_keeps_one_stop():
    """The sidebar's footer in Russian read "Данные проверены 6 декабря 2026 г.. Каждый факт…"."""
    assert i18n.one_stop("проверены 6 декабря 2026 г.. Каждый факт") == "проверены 6 декабря 2026 г. Каждый факт"
    assert i18n.one_stop("2026 г..") == "2026 г."
    assert i18n.one_stop("and so on... next") == "and so on... next"  # an ellipsis stays
    assert i18n.one_stop("1..2 and x.y") == "1..2 and x.y"  # not before a space: not a sentence's end
