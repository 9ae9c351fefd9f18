"""The Sources page's view: the register of every source and what rests on it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data import i18n
from components.data.dataset import Dataset
from components.data.datatext import kept_in_english
from components.data.i18n import N_, _, ngettext
from components.data.labels import STATUS_EXPLAINED, status_explained, status_label
from components.views import panels
from components.views.base import column

INTRO = N_(
    "Every row in the data names at least one of these sources. Each address is the original "
    "publisher's page; where none could be found the row says so in *Notes*."
)
# A source's role (the data's code) in words.
ROLE_NAMES: dict[str, str] = {"original": N_("original"), "relay": N_("relay"), "reference": N_("reference")}
# A source's kind (the data's code) in words, for a reader in another language (English shows the code).
KIND_NAMES: dict[str, str] = {
    "official": N_("official"),
    "news": N_("news"),
    "analysis": N_("analysis"),
    "seed": N_("seed article"),
    "reference": N_("reference"),
}


@dataclass(frozen=True)
class SourcesView:
    register: pd.DataFrame
    cited: pd.DataFrame  # the sources at least one fact rests on, most used first
    licences: str
    status_legend: pd.DataFrame
    intro: str = INTRO  # in the language of the view (sources_view gives it)

    @property
    def summary(self) -> str:
        """How many sources, how many cited, by role: in the current language."""
        n = len(self.register)
        text = ngettext(
            "{n} source; {cited} of them cited by at least one fact.",
            "{n} sources; {cited} of them cited by at least one fact.",
            n,
        ).format(n=n, cited=len(self.cited))
        role = column(self.register, "Role")
        if role in self.register.columns:
            roles = self.register[role].value_counts()
            counts = i18n.list_text(
                [_("{n} {role}").format(n=int(k), role=_(ROLE_NAMES.get(str(r), str(r)))) for r, k in roles.items()]
            )
            space = i18n.choose((" ", "", " "))
            text += space + _("By role: {roles}.").format(roles=counts)
            text += space + _(
                "An original is the publisher's own text; a relay carries another's text (named in its row); "
                "a reference is a reference work, never the only source of a fact."
            )
        return text


def _codes_in_words(reg: pd.DataFrame) -> pd.DataFrame:
    """The register's role and kind codes in the reader's language (English keeps the codes); the
    curators' notes and what a relay carries, never translated, marked ``[EN]`` there."""
    if i18n.current() == i18n.DEFAULT_LANG:
        return reg
    out = reg.copy()
    for heading, names in (("Role", ROLE_NAMES), ("Kind", KIND_NAMES)):
        if heading in out.columns:
            out[heading] = out[heading].map(lambda v, n=names: _(n[v]) if isinstance(v, str) and v in n else v)
    for heading in ("Notes", "Relays the text of"):
        if heading in out.columns:
            out[heading] = out[heading].map(lambda v: kept_in_english(v) if isinstance(v, str) else v)
    return out


def sources_view(ds: Dataset) -> SourcesView:
    reg = _codes_in_words(panels.sources_register(ds))
    return SourcesView(
        register=reg,
        cited=reg[reg[column(reg, "Facts resting on it")] > 0],
        licences=", ".join(str(lic.get("name", "")) for lic in ds.meta.get("licenses", [])),
        status_legend=pd.DataFrame(
            [{_("Status"): status_label(k), _("Meaning"): status_explained(k)} for k in STATUS_EXPLAINED]
        ),
        intro=_(INTRO),
    )
