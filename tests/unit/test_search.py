"""Search: accents and case ignored, words found at the start of words (anywhere in Chinese),
exact phrase before all words before some, hostile or empty queries answered in plain words."""

from __future__ import annotations

from components import views
from components.data.dataset import load_dataset
from components.data.filters import Filters
from components.data.labels import highlight
from components.views import searchindex
from components.views.searchindex import fold, search, words_of

DS = load_dataset()


def test_fold_ignores_case_and_accents_and_keeps_length():
    for text in ("Türkmenistan", "ÉCOLE", "Урумчи", "中国—中亚"):
        assert len(fold(text)) == len(text)
    assert fold("Türkmenistan") == "turkmenistan" and fold("ÉCOLE") == "ecole"


def test_words_keep_apostrophes_and_drop_short_common_words():
    assert words_of("The Xi'an Declaration") == ["xi'an", "declaration"]
    assert words_of("!!") == [] and words_of("the") == ["the"]


def test_ranking_exact_phrase_then_all_words_then_some():
    hits = search(DS, Filters(), "Xi'an Declaration")
    ranks = [h.rank for h in hits]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] == 3
    assert "Xi'an Declaration" in hits[0].title
    assert all("xi'an declaration" in fold(h.title + " " + h.snippet) for h in hits if h.rank == 3)


def test_accented_query_and_word_starts():
    plain = {h.id for h in search(DS, Filters(), "railway")}
    assert plain and plain == {h.id for h in search(DS, Filters(), "RÁILWAY")}
    assert not search(DS, Filters(), "ailway"), "a word is found from its start"


def test_search_respects_the_filters():
    all_events = {h.id for h in search(DS, Filters(), "meeting") if h.kind == "Event"}
    one_year = {h.id for h in search(DS, Filters(years=(2023, 2023)), "meeting") if h.kind == "Event"}
    assert one_year and one_year < all_events
    assert all(h.id.endswith("2023") or "2023" in h.id for h in search(DS, Filters(years=(2023, 2023)), "meeting")
               if h.kind == "Event")


def test_highlight_is_escaped_markdown():
    text = "![x](http://evil.example/p.png) railway <b>"
    spans = ((32, 39),)
    out = highlight(text, spans)
    assert "**railway**" in out and "\\!\\[x\\]" in out and "\\<b\\>" in out


def test_empty_hostile_and_long_queries_get_plain_messages():
    assert views.search_view(DS, Filters(), "").message == "Type a word or a phrase to search."
    assert views.search_view(DS, Filters(), "?!").message == "Type at least one word of two letters or more."
    v = views.search_view(DS, Filters(), "<script>alert(1)</script>")
    assert v.total == 0 and v.message.startswith("Nothing matches")
    assert "first 200 characters" in views.search_view(DS, Filters(), "summit " * 60).message


def test_statuses_are_words_and_untranslated_source_notes_are_marked():
    from components.data import i18n
    from components.data.datatext import localized

    ds = load_dataset()
    projects = [h.status for h in search(ds, Filters(), "railway") if h.kind == "Project"]
    assert projects and "Under construction" in projects and not [s for s in projects if "_" in s]
    with i18n.using("zh"):
        zh = search(localized(ds, "zh"), Filters(lang="zh"), "Xinhua")
    notes = [h.snippet for h in zh if h.kind == "Source" and h.snippet]
    assert notes and all(n.endswith(" [EN]") for n in notes)  # the sources' notes stay English: said
    assert not [h.snippet for h in search(ds, Filters(), "Xinhua") if h.snippet.endswith("[EN]")]


def _ids(lang: str, query: str) -> set[tuple[str, str]]:
    from components.data import i18n
    from components.data.datatext import localized

    with i18n.using(lang):
        return {(h.kind, h.id) for h in search(localized(DS, lang), Filters(lang=lang), query)}


def test_russian_words_are_stemmed_so_any_ending_finds_the_same_records():
    forms = ["железная дорога", "железной дороги", "железные дороги", "ЖЕЛЕЗНОЙ ДОРОГОЙ", "желе́зная доро́га"]
    found = [_ids("ru", q) for q in forms]
    assert all(f == found[0] for f in found), "every case and number of «железная дорога» finds the same"
    # everything "railway" finds on the English page that has a Russian text (sources stay as written)
    translated = {k for k in _ids("en", "railway") if k[0] != "Source"}
    assert len(translated) >= 10 and translated <= found[0]
    assert words_of("железной дороги") == ["железн", "дорог"]
    assert words_of("встречах") == words_of("встреча") == ["встреч"]
    assert _ids("ru", "встречах") == _ids("ru", "встреча") and len(_ids("ru", "встречах")) > 20


def test_russian_phrase_ranks_first_and_highlights_whole_words():
    from components.data import i18n
    from components.data.datatext import localized

    with i18n.using("ru"):
        hits = search(localized(DS, "ru"), Filters(lang="ru"), "железные дороги")
    top = hits[0]
    assert top.rank == 3, "«железные дороги» matches «железной дороги» as a phrase"
    text = top.title if top.title_spans else top.snippet
    spans = top.title_spans or top.snippet_spans
    marked = [text[a:b] for a, b in spans]
    assert any(m.lower().startswith("железн") and m.lower().split()[-1].startswith("дорог") for m in marked), marked
    assert all(not text[b:b + 1].isalpha() for _a, b in spans), "a highlight ends at the end of a word"


def test_chinese_query_is_segmented_so_a_word_inside_a_longer_phrase_is_found():
    assert words_of("中吉乌铁路项目进展") == ["中吉乌", "铁路", "项目", "进展"]
    railway = _ids("zh", "铁路")
    longer = _ids("zh", "铁路建设情况")  # 铁路 inside a phrase no record contains whole
    assert railway and railway <= longer
    assert _ids("zh", "中吉乌") <= _ids("zh", "中吉乌铁路项目进展")
    # a word next to Chinese characters counts as starting there
    assert words_of("建交30周年") == ["建交", "30", "周年"]


def test_a_records_fields_are_kept_apart_in_its_snippet():
    """A source's publisher and its notes are two fields: the snippet separates them, and a phrase
    made of the end of one and the start of the other is not a phrase of the record."""
    src = DS["sources"]
    row = src[src["notes"].fillna("").str.startswith("Checked against an archived copy")].iloc[0]
    hit = next(h for h in search(DS, Filters(), "Checked against an archived copy") if h.id == row["id"])
    assert hit.snippet.startswith(f"{row['publisher']} · Checked against an archived copy")
    glued = f"{str(row['publisher']).split()[-1]} Checked"
    assert [h.rank for h in search(DS, Filters(), glued) if h.id == row["id"]] == [2]  # both words, not the phrase


def test_equally_good_matches_are_newest_first():
    """Within a kind and a score, records are in date order, the newest first (a briefing reads a
    list of events as a chronology); undated records after the dated ones."""
    hits = search(DS, Filters(), "railway")
    events = [h for h in hits if h.kind == "Event"]
    assert len(events) >= 5
    for kind in ("Event", "Source"):
        groups: dict[float, list[str]] = {}
        for h in hits:
            if h.kind == kind:
                groups.setdefault(h.score, []).append(h.day)
        for days in groups.values():
            assert days == sorted(days, reverse=True), (kind, days)
    assert events[0].day == max(h.day for h in events if h.score == events[0].score)


def test_a_year_or_month_known_row_is_ordered_at_its_middle():
    """'Newest first' puts a row known only by its year among that year's rows (at 1 July), not
    after them as its stored 1 January would; a month-only row at the 15th."""
    import pandas as pd

    precisions = dict(zip(DS["events"]["id"], DS["events"]["date_precision"], strict=True))
    hits = {h.id: h for h in search(DS, Filters(), "trade") if h.kind == "Event"}
    year_only = [i for i in hits if precisions.get(i) == "year"]
    month_only = [i for i in hits if precisions.get(i) == "month"]
    assert year_only and month_only
    stored = dict(zip(DS["events"]["id"], DS["events"]["date"], strict=True))
    for i in year_only:
        assert hits[i].day == f"{pd.Timestamp(stored[i]).year}-07-01", (i, hits[i].day)
    for i in month_only:
        assert hits[i].day == pd.Timestamp(stored[i]).strftime("%Y-%m-15"), (i, hits[i].day)


def test_an_english_word_finds_the_same_records_on_a_translated_page():
    """"railway" typed on the Chinese or Russian page finds the records it finds on the English one;
    a record found only in its English text keeps its title in the page's language and shows the
    English passage that matched, marked [EN], with the word highlighted."""
    from components.data import i18n
    from components.data.datatext import localized

    english = {(h.kind, h.id) for h in search(DS, Filters(), "railway")}
    assert len(english) > 20
    for lang in ("zh", "ru"):
        with i18n.using(lang):
            ds = localized(DS, lang)
            hits = search(ds, Filters(), "railway")
            own = {(h.kind, h.id) for h in search(ds, Filters(), "铁路" if lang == "zh" else "железная дорога")}
        assert {(h.kind, h.id) for h in hits} == english, lang
        assert own and len(own) < len(english) + 5  # a query in the page's language still works
        events = [h for h in hits if h.kind == "Event"]
        titles = dict(zip(ds["events"]["id"], ds["events"]["title"], strict=True))
        assert events and all(h.title == titles[h.id] for h in events), lang  # the page's language
        with i18n.using(lang):
            in_own_text = {h.id for h in searchindex._search(ds, Filters(), "railway")}
        borrowed = [h for h in events if h.id not in in_own_text]
        assert borrowed, lang
        for h in borrowed:  # found in its English text only
            assert h.snippet.endswith(" [EN]") and h.title_spans == ()
            assert h.snippet_spans and all(fold(h.snippet[a:b]) == "railway" for a, b in h.snippet_spans), h.snippet


def test_a_snippet_begins_and_ends_at_a_word():
    """An excerpt cut from a longer text starts and stops between words (a Russian year cut to
    "…027 г." read as 27), and the matched word stays in it."""
    text = ("Длина участка около 523 км, завершение ожидается в 2027 г. Старт — 21 декабря 2023 г.; "
            "по данным правительства, железная дорога пройдёт через 29 тоннелей и 50 мостов, а стоимость "
            "проекта составит 4,7 млрд долл. США по оценке 2024 г., что подтвердили обе стороны.")
    for width in range(60, 200, 7):
        snippet = searchindex._snippet(text, [fold("железная")], width)
        body = snippet.removeprefix("…").removesuffix("…")
        at = text.index(body)
        assert "железная" in body, (width, snippet)
        assert at == 0 or not (text[at - 1].isalnum() and text[at].isalnum()), (width, snippet)  # not in a word
        end = at + len(body)
        assert end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum()), (width, snippet)
    hits = search(DS, Filters(), "railway")
    assert any(h.snippet.startswith("…") for h in hits)  # real records are cut the same way
    from components.data import i18n
    from components.data.datatext import localized

    with i18n.using("zh"):  # Chinese has no spaces: cut anywhere, the excerpt kept whole, no bare separator
        zh = search(localized(DS, "zh"), Filters(), "铁路")
    both_cut = [h.snippet for h in zh if h.snippet.startswith("…") and h.snippet.endswith("…")]
    assert both_cut and all(len(t) >= 150 for t in both_cut), both_cut
    assert not [h.snippet for h in zh if h.snippet.strip("…").startswith("·") or h.snippet.strip("…").endswith("·")]
