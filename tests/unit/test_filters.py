"""The filter model: URL parsing and applying filters to frames."""

from __future__ import annotations

import re

import pytest

from components.data.dataset import load_dataset
from components.data.filters import ALL_COUNTRIES, Filters, parse_choices, parse_query
from components.data.selection import filter_by_countries, filter_events, filter_trade


def test_defaults_when_nothing_in_url():
    f, notices = parse_query({})
    assert f == Filters() and notices == []
    assert f.to_query() == {}


def test_names_and_years_round_trip():
    f, notices = parse_query({"country": ["Uzbekistan", "Kazakhstan"], "years": ["2023", "2022"]})
    assert notices == []
    assert f.countries == ("KAZ", "UZB")  # canonical order
    assert f.years == (2022, 2023)  # swapped into order
    assert f.to_query() == {"country": ["Kazakhstan", "Uzbekistan"], "years": ["2022", "2023"]}
    assert parse_query(f.to_query())[0] == f


def test_single_year_and_dash_form_are_reported_not_guessed():
    # the slider's URL binding drops these forms, so the notice must say so
    for bad in (["2024"], ["2021-2022"]):
        f, notices = parse_query({"years": bad})
        assert f.years == (2020, 2026)
        assert notices and "years=2022&years=2023" in str(notices[0])
    assert parse_query({"years": ["2024", "2024"]})[0].years == (2024, 2024)


def test_invalid_values_are_dropped_with_notices():
    f, notices = parse_query({"country": ["Mars", "kaz", "Kyrgyzstan"], "years": ["abc"]})
    assert f.countries == ("KGZ",)
    assert f.years == (2020, 2026)
    text = " ".join(map(str, notices))
    assert "Ignored country 'Mars'" in text
    assert "Did you mean 'Kazakhstan'?" in text
    assert "Ignored years 'abc'" in text


def test_only_invalid_countries_fall_back_to_all_six():
    f, notices = parse_query({"country": ["Atlantis"]})
    assert f.countries == ALL_COUNTRIES
    assert any("all six" in str(n) for n in notices)


def test_years_out_of_range_or_too_many():
    for bad in (["1999", "2023"], ["2020", "2021", "2022"], ["2030"]):
        f, notices = parse_query({"years": bad})
        assert f.years == (2020, 2026) and notices, bad


def test_hostile_strings_are_clipped_and_made_printable():
    f, notices = parse_query({"country": ["<script>alert(1)</script>" * 10 + "\x00"]})
    assert f.countries == ALL_COUNTRIES
    assert len(str(notices[0])) < 300 and "\x00" not in str(notices[0])


def test_parse_choices():
    got, notices = parse_choices(["Summit", "Nope"], {"summit": "Summit", "forum": "Forum"}, "category", "category")
    assert got == ("summit",) and "Ignored category 'Nope'" in str(notices[0])


def test_a_choice_given_twice_counts_once_with_a_notice():
    got, notices = parse_choices(["Forum", "Summit", "Forum", "Forum"], {"summit": "Summit", "forum": "Forum"},
                                 "category", "category")
    assert got == ("forum", "summit")
    assert [str(n) for n in notices] == [
        "The category 'Forum' is given more than once in the link (category=) (3 times); it counts once."
    ]


def test_describe():
    assert Filters().describe() == "all six countries; 2020–2026"
    assert Filters(("KAZ",), (2023, 2023)).describe() == "Kazakhstan; 2023"


def test_filter_events_by_country_and_year():
    ev = load_dataset()["events"]
    got = filter_events(ev, Filters(("TKM",), (2023, 2024)))
    assert len(got) > 0
    assert all("TKM" in c for c in got["countries"])
    assert got["date"].dt.year.between(2023, 2024).all()
    assert list(got["date"]) == sorted(got["date"])
    assert len(filter_events(ev, Filters())) == int((ev["date"].dt.year <= 2026).sum())


def test_filter_by_countries_on_commitments_and_projects():
    ds = load_dataset()
    kgz = filter_by_countries(ds["projects"], Filters(("KGZ",)))
    assert "cku-railway" in set(kgz["id"])
    assert all("KGZ" in c for c in kgz["countries"])


def test_filter_trade_keeps_c5_and_selected_partners():
    tr = load_dataset()["trade"]
    got = filter_trade(tr, Filters(("KAZ",), (2023, 2024)))
    assert set(got["partner"]) <= {"C5", "KAZ"}
    assert set(got["year"]) <= {2023, 2024}


def test_notices_are_data_worded_per_channel():
    from components.data.notices import UNKNOWN_VALUE, YEARS_RANGE, cli_text, page_text

    _, notices = parse_query({"country": ["KAZ", "Kyrgyzstan"], "years": ["2019", "2022"]})
    country, years = notices
    assert (country.code, country.param, country.value) == (UNKNOWN_VALUE, "country", "KAZ")
    assert country.suggestion == "Kazakhstan"
    assert (years.code, years.param, years.value) == (YEARS_RANGE, "years", "2019-2022")
    assert page_text(country).startswith("Ignored country 'KAZ' in the link:")
    assert cli_text(country, lenient=False).startswith("Invalid --country 'KAZ':")
    assert "Did you mean 'Kazakhstan'?" in cli_text(country, lenient=False)
    assert "in the link" not in cli_text(years, lenient=True) and "Showing 2020–2026." in cli_text(years, lenient=True)
    assert "Showing" not in cli_text(years, lenient=False)


def test_notices_name_the_parameter_and_say_when_a_value_is_empty():
    from components.data.notices import page_text

    _, notices = parse_query({"country": ["", "Kazakhstan"]})
    assert page_text(notices[0]) == (
        "Ignored country (an empty value) in the link: it is not one of 'China', 'Kazakhstan', 'Kyrgyzstan', "
        "'Tajikistan', 'Turkmenistan', 'Uzbekistan'."
    )
    _, notices = parse_choices([""], {"summit": "Summit"}, "category", "event category")
    assert page_text(notices[0]).startswith("Ignored event category (an empty value) in the link (category=)")


@pytest.mark.parametrize(
    ("lang", "quoted", "allowed"),
    [("zh", "「Mars」", "「中国」、「哈萨克斯坦」"), ("ru", "«Mars»", "«Китай», «Казахстан»")],
)
def test_notices_on_zh_ru_pages_quote_and_list_in_the_language(lang, quoted, allowed):
    from components.data import i18n
    from components.data.notices import grouped, page_text

    with i18n.using(lang):
        _, notices = parse_query({"country": ["Mars"], "years": ["abc"]})
        texts = [page_text(n) for n in notices]
        _, two = parse_query({"country": ["Mars", "kaz"]})
        pair = page_text(grouped(two)[0])
        choice = parse_choices(["Picnic"], {"summit": "Саммит" if lang == "ru" else "峰会"}, "category", "category")[1]
        picnic = page_text(choice[0])
    assert quoted in texts[0] and allowed in texts[0], texts[0]
    assert "'" not in " ".join(texts + [pair, picnic]), "no straight quotes on a zh/ru page"
    assert "Kazakhstan" not in texts[0] + pair, "allowed and suggested countries are named in the language"
    assert not re.search(r"\b(Ignored|give|none is one of)\b", " ".join(texts + [pair])), texts + [pair]
    assert ("哈萨克斯坦" if lang == "zh" else "Казахстан") in pair and quoted in pair
    assert ("「峰会」" if lang == "zh" else "«Саммит»") in picnic
    assert ("「Picnic」" if lang == "zh" else "«Picnic»") in picnic


def test_since_is_one_date_from_2020_to_today():
    from datetime import date, timedelta

    f, notices = parse_query({"since": ["2026-11-01"]})
    assert f.since == date(2026, 11, 1) and not notices
    assert f.to_query() == {"since": ["2026-11-01"]} and "changes since 2026-11-01 marked" in f.describe()
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for bad in (["2026-13-01"], ["01/11/2026"], ["2019-12-31"], [tomorrow], ["2026-11-01", "2026-11-02"]):
        f, notices = parse_query({"since": bad})
        assert f.since is None and len(notices) == 1 and notices[0].code == "date_form", bad


def test_scope_is_read_in_any_language_and_written_in_the_views():
    from components.data import i18n

    for given in (["Mechanism only"], ["Только механизм"], ["仅机制"], ["mechanism"]):
        f, notices = parse_query({"scope": given})
        assert f.scope == "mechanism" and notices == [], given
    assert parse_query({"scope": ["Related only"]})[0].scope == "related"
    f = parse_query({"scope": ["Mechanism only"], "lang": ["ru"]})[0]
    assert f.to_query() == {"scope": ["Только механизм"], "lang": ["ru"]} and parse_query(f.to_query())[0] == f
    assert "scope" not in Filters().to_query(), "every event is the default, left out of links"
    assert Filters(scope="mechanism").describe() == "all six countries; 2020–2026; mechanism only"
    with i18n.using("zh"):
        assert "仅机制" in Filters(scope="mechanism", lang="zh").describe()


def test_a_bad_scope_is_dropped_with_a_notice_naming_the_choices():
    f, notices = parse_query({"scope": ["bilateral"]})
    assert f.scope == "all" and len(notices) == 1
    n = notices[0]
    assert n.param == "scope" and n.value == "bilateral" and "Mechanism only" in n.allowed


def test_filter_events_keeps_the_scope_asked_for():
    ev = load_dataset()["events"]
    mech = filter_events(ev, Filters(scope="mechanism"))
    rel = filter_events(ev, Filters(scope="related"))
    every = filter_events(ev, Filters())
    assert set(mech["scope"]) == {"mechanism"} and set(rel["scope"]) == {"related"}
    assert len(mech) + len(rel) == len(every) and len(mech) and len(rel)
    assert set(mech["id"]) == {i for i, s, y in zip(ev["id"], ev["scope"], ev["date"].dt.year, strict=True)
                               if s == "mechanism" and y <= 2026}


def test_long_or_repeated_link_values_get_a_correct_notice():
    """Issue 22 item 10: 1,000 x country=Kazakhstan gave no notice; 10 x country=KAZ said
    "'KAZ' and 2 more" (the 2 were more copies of the same value)."""
    from components.data.filters import parse_query
    from components.data.notices import REPEATED, UNKNOWN_VALUE, grouped, page_text

    f, notices = parse_query({"country": ["Kazakhstan"] * 1000})
    shown = grouped(notices)
    assert f.countries == ("KAZ",) and [n.code for n in shown] == [REPEATED]
    assert page_text(shown[0]) == (
        "The country 'Kazakhstan' is given more than once in the link (1000 times); it counts once.")
    _f, notices = parse_query({"country": ["KAZ"] * 10})
    unknown = [n for n in grouped(notices) if n.code == UNKNOWN_VALUE]
    assert len(unknown) == 1 and "more" not in page_text(unknown[0]) and "'KAZ'" in page_text(unknown[0])
    _f, notices = parse_query({"country": [f"bad{i}" for i in range(10)] * 3})
    text = page_text(next(n for n in grouped(notices) if n.code == UNKNOWN_VALUE))
    assert "and 2 more" in text, "10 distinct bad values: 8 quoted, 2 more"
