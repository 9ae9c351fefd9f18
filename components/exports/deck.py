"""Make the PowerPoint briefing from the command line, for the same view the dashboard shows.

    python -m components.exports.deck --country Kazakhstan --country Uzbekistan --years 2022 2025 \\
        --base-url http://localhost:8501 -o briefing.pptx

``--compare NAME`` (two to six times) adds a slide with those countries side by side.

Filters mean what they mean in the dashboard's address: ``--country`` takes a country name
as shown (repeat it for several; none means all six) and ``--years`` one year or a start and
an end year between 2020 and 2026. A value the dashboard would drop is an error here (exit
status 2): the deck is never made for a view other than the one asked for. ``--lenient``
instead drops it with a notice, as the dashboard does.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pptx import Presentation

from components.data import i18n, registry
from components.data.dataset import configured_dir, load_dataset
from components.data.datatext import localized
from components.data.filters import COUNTRY_NAMES, Filters, country_from_text, parse_choices, parse_query
from components.data.labels import dates_line
from components.data.notices import NO_VALUE_LEFT, Notice, cli_text
from components.data.registry import PARAM_COUNTRY, PARAM_SCOPE, PARAM_SINCE, PARAM_YEARS
from components.data.sourcing import view_url
from components.exports import citation
from components.exports.briefing import build_deck
from components.render.images import ExportError
from components.views.compare import PARAM_COMPARE

DEFAULT_BASE_URL = "http://127.0.0.1:8501"


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m components.exports.deck",
        description="Write the China–Central Asia Cooperation Monitor briefing (.pptx) for a view.",
    )
    p.add_argument("--country", action="append", default=[], metavar="NAME",
                   help="a country name as shown, e.g. Kazakhstan; repeat for several (default: all six)")
    p.add_argument("--years", nargs="+", default=[], metavar="YEAR",
                   help="one year, or start and end year, between 2020 and 2026 (default: 2020 2026)")
    p.add_argument("--scope", default=None, metavar="SCOPE",
                   help="which events: mechanism (the C+C5 mechanism's own acts) or related (milestones carrying "
                        "out its agenda); the sidebar's labels work too (default: both)")
    p.add_argument("--since", default=None, metavar="YYYY-MM-DD",
                   help="mark what the data changed since this day and add a 'What changed since' slide")
    p.add_argument("--compare", action="append", default=[], metavar="NAME",
                   help="a country to compare side by side, named in any of the languages (repeat, two to six): "
                        "adds a 'Countries compared' slide")
    p.add_argument("--base-url", default=DEFAULT_BASE_URL,
                   help=f"address of the running dashboard, for the links in the deck (default: {DEFAULT_BASE_URL})")
    p.add_argument("--lang", default=i18n.DEFAULT_LANG, metavar="LANG",
                   help=f"language of the deck: {', '.join(i18n.LANGS)} (default: {i18n.DEFAULT_LANG})")
    p.add_argument("--page", default="", help="dashboard page the deck's links open, e.g. timeline (default: Overview)")
    p.add_argument("-o", "--output", type=Path, default=Path("briefing.pptx"), help="file to write")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="folder with datapackage.json and the CSV files (default: CC5_DATA_DIR, else data/)")
    p.add_argument("--lenient", action="store_true",
                   help="drop invalid filter values with a notice, as the dashboard does, instead of failing")
    return p


def filters_from_args(
    countries: Sequence[str], years: Sequence[str], since: str | None = None, lang: str = i18n.DEFAULT_LANG,
    scope: str | None = None,
) -> tuple[Filters, list[Notice]]:
    """The filters, with the dashboard's notices for every value it would drop. One year
    (``--years 2023``) means that year alone: the link's form is a start and an end year."""
    span = [years[0], years[0]] if len(years) == 1 else list(years)
    query = {PARAM_COUNTRY: list(countries), PARAM_YEARS: span, PARAM_SINCE: [since] if since else [],
             i18n.PARAM_LANG: [lang], PARAM_SCOPE: [scope] if scope else []}
    return parse_query(query)


def compare_from_args(names: Sequence[str]) -> tuple[tuple[str, ...], list[Notice]]:
    """``--compare`` values as the Compare page reads its link: a country named in any of the
    languages (``Uzbekistan``, ``Узбекистан``, ``乌兹别克斯坦``), in the order given; a notice for
    each other value."""
    given = [COUNTRY_NAMES.get(iso, name) for name in names for iso in [country_from_text(name) or ""]]
    return parse_choices(given, COUNTRY_NAMES, PARAM_COMPARE, "country")


def main(argv: Sequence[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    if len(args.years) > 2:
        cli.error(f"--years takes one year or a start and an end year, not {len(args.years)} values")
    lang = i18n.lang_from_text(args.lang)
    if lang is None:
        _err(f"error: --lang takes one of {', '.join(i18n.LANGS)} (got '{args.lang}'); no deck written.")
        return 2
    with i18n.using(lang):
        return _main(args, lang)


def _main(args: argparse.Namespace, lang: str) -> int:
    """The deck (or the HTML briefing) for the parsed options, made in ``lang``."""
    f, notices = filters_from_args(args.country, args.years, args.since, lang, args.scope)
    if not args.lenient:  # the dashboard's fallback does not apply: nothing is written
        notices = [n for n in notices if n.code != NO_VALUE_LEFT]
    for notice in notices:
        _err(("warning: " if args.lenient else "error: ") + cli_text(notice, lenient=args.lenient))
    if notices and not args.lenient:
        _err("error: invalid filters; no deck written. Use country names as shown (e.g. --country Kazakhstan) "
             "and years between 2020 and 2026 (e.g. --years 2022 2025), or pass --lenient.")
        return 2
    compare, bad = compare_from_args(args.compare)
    for notice in bad:
        _err("error: " + cli_text(notice, lenient=False))
    if bad or len(compare) == 1:
        _err("error: --compare takes two to six country names as shown (e.g. --compare Kazakhstan "
             "--compare Uzbekistan); no deck written.")
        return 2
    if not args.base_url.startswith(("http://", "https://")):
        _err(f"error: --base-url must start with http:// or https:// (got '{args.base_url}').")
        return 2
    out: Path = args.output
    if not out.parent.exists():
        _err(f"error: the folder {out.parent} does not exist; no deck written.")
        return 2
    ds = localized(load_dataset(args.data_dir or configured_dir()), lang)
    if not ds.sourced:
        for p in ds.problems:
            _err(f"error: {p}")
        _err("error: no deck written: without readable data and sources no fact can be shown.")
        return 1
    if ds.errors:
        _err(f"warning: {len(ds.errors)} problem(s) in the data files; the rows concerned are left out. "
             "Run python -m components.data.validate for details.")
    own = citation.briefing_choice(registry.by_url_path(args.page).key, compare, None, "")[0]  # as the deck's links
    url = view_url(args.base_url, args.page, f, own)
    start = time.perf_counter()
    if out.suffix.lower() in (".html", ".htm"):  # the self-contained HTML briefing instead of slides
        from components.exports.htmlbrief import build_html

        out.write_text(build_html(ds, f, base_url=args.base_url, page=args.page, compare=compare), encoding="utf-8")
        what = f"{f.describe()}; {dates_line(ds)}"
        sys.stdout.write(f"Wrote the HTML briefing to {out} ({what}). View: {url}\n")
        return 0
    try:
        deck = build_deck(ds, f, base_url=args.base_url, page=args.page, compare=compare)
    except ExportError as exc:  # kaleido could not render: no working Chromium
        _err(f"error: no deck written: {exc}")
        return 1
    try:
        out.write_bytes(deck)
    except OSError as exc:
        _err(f"error: could not write {out}: {exc}")
        return 1
    slides = len(Presentation(io.BytesIO(deck)).slides)
    plural = "" if slides == 1 else "s"
    sys.stdout.write(f"Wrote {slides} slide{plural} to {out} ({f.describe()}; {dates_line(ds)}; "
                     f"{time.perf_counter() - start:.1f} s). View: {url}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
