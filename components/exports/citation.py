"""A citation for exactly the view on screen (plain text and BibTeX) and the code that embeds
it elsewhere: the view's link, the data's two dates (latest sourced item, review day) and
release, the day it was accessed. Pure: the
page shows these as code blocks (text, never HTML), the deck prints the plain form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from components.data import i18n
from components.data.changes import latest_release
from components.data.dataset import Dataset
from components.data.filters import Filters, country_name
from components.data.i18n import N_, _
from components.data.registry import PageSpec
from components.data.sourcing import day_text, view_url

APP = N_("China–Central Asia Cooperation Monitor")  # the catalog's id: shown as app_name()
EMBED_HEIGHT = 720


def app_name() -> str:
    """The app's name in the current language."""
    return _(APP)


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    latest: str  # the latest sourced item's day (what the data covers up to), or ""
    reviewed: str  # the day the data was last reviewed (not its coverage)
    release: str  # the data release (latest changelog day), or "" when unknown
    accessed: date

    def plain(self) -> str:
        if i18n.current() == i18n.DEFAULT_LANG:
            release = f", data release {self.release}" if self.release else ""
            return (
                f"{APP}. “{self.title}.” Latest sourced item {self.latest or 'none'}; data reviewed "
                f"{self.reviewed}{release}. {self.url} (accessed {self.accessed.isoformat()})."
            )
        words = {"app": app_name(), "title": self.title, "latest": day_text(self.latest, "long") or _("none"),
                 "day": day_text(self.reviewed, "long"), "release": day_text(self.release, "long"), "url": self.url,
                 "accessed": day_text(self.accessed, "long")}
        if self.release:
            text = _("{app}. “{title}.” Latest sourced item {latest}; data reviewed {day}, data release {release}. "
                     "{url} (accessed {accessed}).")
        else:
            text = _("{app}. “{title}.” Latest sourced item {latest}; data reviewed {day}. {url} "
                     "(accessed {accessed}).")
        return i18n.one_stop(text.format(**words))  # Russian "2026 г." ends a sentence: one stop, not "г.."

    def _note(self) -> str:
        """The BibTeX note: the data's two dates and release, the day accessed."""
        if self.release:
            text = _("Latest sourced item {latest}; data reviewed {day}, data release {release}; accessed {accessed}")
        else:
            text = _("Latest sourced item {latest}; data reviewed {day}; accessed {accessed}")
        return text.format(latest=self.latest or _("none"), day=self.reviewed, release=self.release,
                           accessed=self.accessed.isoformat())

    def bibtex(self) -> str:
        key = "cc5monitor" + self.accessed.strftime("%Y%m%d")
        fields = {
            "title": self.title.replace("{", "(").replace("}", ")"),
            "author": "{" + app_name() + "}",
            "howpublished": "\\url{" + self.url + "}",
            "year": str(self.accessed.year),
            "note": self._note(),
            "urldate": self.accessed.isoformat(),
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
        return f"@misc{{{key},\n{body}\n}}"


def cite(
    ds: Dataset,
    f: Filters,
    spec: PageSpec,
    base_url: str,
    accessed: date,
    extra: Mapping[str, Sequence[str]] | None = None,
    choice: str = "",
) -> Citation:
    """The citation of the page's view; ``extra`` holds the page's own parameters in their
    canonical form (``choices.own_query``: its link), ``choice`` the page's choice in words
    (``choices.choice_words``: the categories shown, the countries compared), named in the title."""
    release = latest_release(ds)
    if choice:
        title = _("{page} ({choice}): {view}").format(page=spec.shown_title, choice=choice, view=f.describe())
    else:
        title = _("{page}: {view}").format(page=spec.shown_title, view=f.describe())
    return Citation(
        title=title,
        url=view_url(base_url, spec.url_path, f, extra),
        latest=item.day.isoformat() if (item := ds.latest_item) else "",
        reviewed=ds.reviewed,
        release=release.isoformat() if release else "",
        accessed=accessed,
    )


def briefing_choice(
    page_key: str, compare: Sequence[str], own: Mapping[str, Sequence[str]] | None, choice: str
) -> tuple[dict[str, list[str]], str]:
    """What a briefing's links and citation carry of the page's own choice: ``own`` (the page's
    parameters, ``choices.own_query``) and ``choice`` (in words) as given; when not given and the
    briefing reopens the Compare page, the countries compared (ISO3, in ``compare``)."""
    if own is not None or page_key != "compare" or len(compare) < 2:
        return {k: list(v) for k, v in (own or {}).items()}, choice
    from components.views.compare import compare_query

    return compare_query(tuple(compare)), choice or i18n.list_text(country_name(c) for c in compare)


def embed_code(c: Citation, height: int = EMBED_HEIGHT) -> str:
    """An iframe of the view in Streamlit's embed mode (no sidebar, no app chrome)."""
    src = c.url + ("&" if "?" in c.url else "?") + "embed=true"
    title = c.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<iframe src="{quote(src, safe=":/?&=%")}" title="{title}" width="100%" height="{height}" '
        'style="border:0" loading="lazy"></iframe>'
    )
