"""A citation for exactly the view on screen (plain text and BibTeX) and the code that embeds
it elsewhere: the view's link, the data's date and release, the day it was accessed. Pure: the
page shows these as code blocks (text, never HTML), the deck prints the plain form."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from components import i18n
from components.changes import latest_release
from components.data import Dataset
from components.filters import Filters
from components.i18n import N_, _
from components.registry import PageSpec
from components.sourcing import day_text, view_url

APP = N_("China–Central Asia Cooperation Monitor")  # the catalog's id: shown as app_name()
EMBED_HEIGHT = 720


def app_name() -> str:
    """The app's name in the current language."""
    return _(APP)


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    data_as_of: str
    release: str  # the data release (latest changelog day), or "" when unknown
    accessed: date

    def plain(self) -> str:
        if i18n.current() == i18n.DEFAULT_LANG:
            release = f", data release {self.release}" if self.release else ""
            return (
                f"{APP}. “{self.title}.” Data as of {self.data_as_of}{release}. {self.url} "
                f"(accessed {self.accessed.isoformat()})."
            )
        words = {"app": app_name(), "title": self.title, "day": day_text(self.data_as_of, "long"),
                 "release": day_text(self.release, "long"), "url": self.url,
                 "accessed": day_text(self.accessed, "long")}
        if self.release:
            text = _("{app}. “{title}.” Data as of {day}, data release {release}. {url} (accessed {accessed}).")
        else:
            text = _("{app}. “{title}.” Data as of {day}. {url} (accessed {accessed}).")
        # a sentence's stop after a date that ends in one (Russian "2026 г."): one stop, not "г.."
        return re.sub(r"(?<!\.)\.\.(?=\s|$)", ".", text.format(**words))

    def _note(self) -> str:
        """The BibTeX note: the data's date and release, the day accessed."""
        if self.release:
            text = _("Data as of {day}, data release {release}; accessed {accessed}")
        else:
            text = _("Data as of {day}; accessed {accessed}")
        return text.format(day=self.data_as_of, release=self.release, accessed=self.accessed.isoformat())

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
) -> Citation:
    """The citation of the page's view; ``extra`` holds the page's own parameters (its link)."""
    release = latest_release(ds)
    return Citation(
        title=_("{page}: {view}").format(page=spec.shown_title, view=f.describe()),
        url=view_url(base_url, spec.url_path, f, extra),
        data_as_of=ds.data_as_of,
        release=release.isoformat() if release else "",
        accessed=accessed,
    )


def embed_code(c: Citation, height: int = EMBED_HEIGHT) -> str:
    """An iframe of the view in Streamlit's embed mode (no sidebar, no app chrome)."""
    src = c.url + ("&" if "?" in c.url else "?") + "embed=true"
    title = c.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<iframe src="{quote(src, safe=":/?&=%")}" title="{title}" width="100%" height="{height}" '
        'style="border:0" loading="lazy"></iframe>'
    )
