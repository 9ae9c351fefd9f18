"""The PowerPoint briefing of a view: a title slide, then one slide per page that the registry
marks as a slide, in its order, each with a footer of its sources, the data's two dates and the link
that reopens the view. ``python -m components.exports.deck`` makes the same deck from the command line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from urllib.parse import unquote

from components.data import i18n, registry
from components.data.dataset import Dataset, source_lookup
from components.data.filters import Filters
from components.data.i18n import _
from components.data.labels import dates_line
from components.data.sourcing import day_text, ranked_sources
from components.exports import citation
from components.exports.briefing.pptkit import ACCENT, INK, LANGUAGE_TAGS, MARGIN_IN, MUTED, Deck
from components.exports.briefing.slides import SLIDE_OF, Context, Planned
from components.views.panels import ABOUT

PROPERTY_MAX = 255  # characters a file property of a .pptx holds


def property_link(url: str) -> str:
    """The view's link for the file's properties, which hold 255 characters: as it is, else with
    its non-ASCII letters written out (an IRI: ``country=Казахстан``, a third of the length of
    their percent-escapes; escapes of ASCII such as ``%26`` are kept), else "" (the slides carry it)."""
    if len(url) <= PROPERTY_MAX:
        return url
    iri = re.sub(r"(?:%[89A-Fa-f][0-9A-Fa-f])+", lambda m: unquote(m.group(0)), url)
    return iri if len(iri) <= PROPERTY_MAX else ""


def deck_title() -> str:
    """The deck's title in the current language (its first slide, its file properties)."""
    return _("{app} — briefing").format(app=citation.app_name())


def slide_titles() -> tuple[str, ...]:
    """The title slide's and the page slides' titles, in the current language."""
    return (deck_title(), *(p.slide_title for p in registry.SLIDES))


def _title_slide(deck: Deck, ctx: Context, n_sources: int, sources_at: int) -> None:
    s = deck.slide(deck_title(), layout=0)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = deck.emu(MARGIN_IN), deck.emu(1.25), deck.emu(12.4), deck.emu(1.3)
    sub.text_frame.text = ""
    lines = [
        (_("Showing: {view}").format(view=ctx.f.describe()), 22, True),
        (_("Made {today} · {dates}").format(today=day_text(ctx.today), dates=dates_line(ctx.ds)), 16, False),
    ]
    for i, (text, size, bold) in enumerate(lines):
        para = sub.text_frame.paragraphs[0] if i == 0 else sub.text_frame.add_paragraph()
        deck.run(para, text, size=size, bold=bold, color=INK if bold else MUTED)
    title_shape = s.shapes.title
    title_shape.top, title_shape.height = deck.emu(0.45), deck.emu(0.8)
    deck.rect(s, MARGIN_IN, 1.2, 1.2, 0.05, ACCENT)
    deck.text(s, MARGIN_IN, 2.8, 12.4, 2.4, [[(_(ABOUT), {"size": 15, "color": INK})]])
    note = _(
        "Every number and event in this briefing rests on a public source; the sources are listed "
        "on slide {slide}, and the link below reopens this exact view in the dashboard, where every fact "
        "links to its source."
    ).format(slide=sources_at)
    deck.text(s, MARGIN_IN, 5.0, 12.4, 0.9, [[(note, {"size": 13, "color": MUTED, "italic": True})]])
    cite = citation.cite(ctx.ds, ctx.f, registry.by_url_path(ctx.page), ctx.base_url, ctx.today, ctx.own_query,
                         ctx.choice_text).plain()
    deck.text(s, MARGIN_IN, 5.85, 12.4, 0.8, [[(_("Cite as: "), {"size": 11, "bold": True}), (cite, {"size": 11})]])
    deck.footer(s, 1, i18n.ngettext(
        "{n} source behind the facts in this briefing, listed on slide {slide}",
        "{n} sources behind the facts in this briefing, listed on slide {slide}",
        n_sources,
    ).format(n=n_sources, slide=sources_at))


def build_deck(
    ds: Dataset,
    f: Filters,
    *,
    base_url: str,
    page: str = "",
    today: date | None = None,
    compare: tuple[str, ...] = (),
    own: Mapping[str, Sequence[str]] | None = None,
    choice: str = "",
) -> bytes:
    """A 16:9 PowerPoint briefing for the filters: a title slide and the registry's slides
    (with a Compare slide when ``compare`` holds two or more countries, as ISO3 codes), in the
    view's language (``f.lang``). ``own``: the page's own parameters (``choices.own_query``),
    carried by every link that reopens the view; ``choice``: that choice in words, named in the
    citation (both default to the countries compared when ``page`` is the Compare page)."""
    with i18n.using(f.lang):
        return _build_deck(ds, f, base_url=base_url, page=page, today=today, compare=compare, own=own, choice=choice)


def _build_deck(
    ds: Dataset, f: Filters, *, base_url: str, page: str, today: date | None, compare: tuple[str, ...],
    own: Mapping[str, Sequence[str]] | None, choice: str,
) -> bytes:
    ctx = Context(ds, f, source_lookup(ds), today or date.today(), base_url, page, compare, own, choice)
    planned: list[tuple[registry.PageSpec, Planned]] = []
    cited: list[str] = []
    for spec in registry.DECK_SLIDES:  # a slide function may return None: no slide for this view
        plan = SLIDE_OF[spec.key](ctx, tuple(cited))
        if plan is None:
            continue
        planned.append((spec, plan))
        if spec.key != "sources":
            cited += plan.source_ids
    deck = Deck(ctx.view_url, dates_line(ds), f.describe(), total=1 + len(planned), lang=f.lang)
    keys = [spec.key for spec, _plan in planned]
    sources_at = 1 + (keys.index("sources") + 1 if "sources" in keys else len(planned))
    _title_slide(deck, ctx, len(ranked_sources(cited, ctx.src)), sources_at)
    for number, (spec, plan) in enumerate(planned, start=2):
        plan.draw(deck, deck.slide(spec.slide_title), number)
    deck.prs.core_properties.title = deck_title()
    deck.prs.core_properties.subject = _("{view} · {dates}").format(view=f.describe(), dates=dates_line(ds))
    deck.prs.core_properties.language = LANGUAGE_TAGS[f.lang]
    deck.prs.core_properties.comments = property_link(ctx.view_url)
    return deck.save()


__all__ = ["build_deck", "deck_title", "slide_titles"]
