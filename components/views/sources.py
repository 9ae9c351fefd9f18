"""The Sources page's view: the register of every source and what rests on it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import panels
from components.data import Dataset
from components.labels import STATUS_EXPLAINED, STATUS_LABELS

INTRO = (
    "Every row in the data names at least one of these sources. Each address is the original "
    "publisher's page; where none could be found the row says so in *Notes*."
)


@dataclass(frozen=True)
class SourcesView:
    register: pd.DataFrame
    cited: pd.DataFrame  # the sources at least one fact rests on, most used first
    licences: str
    status_legend: pd.DataFrame
    intro: str = INTRO

    @property
    def summary(self) -> str:
        text = f"{len(self.register)} sources; {len(self.cited)} of them cited by at least one fact."
        if "Role" in self.register.columns:
            roles = self.register["Role"].value_counts()
            text += " By role: " + ", ".join(f"{int(n)} {role}" for role, n in roles.items()) + "."
            text += " An original is the publisher's own text; a relay carries another's text (named in its row);"
            text += " a reference is a reference work, never the only source of a fact."
        return text


def sources_view(ds: Dataset) -> SourcesView:
    reg = panels.sources_register(ds)
    return SourcesView(
        register=reg,
        cited=reg[reg["Facts resting on it"] > 0],
        licences=", ".join(str(lic.get("name", "")) for lic in ds.meta.get("licenses", [])),
        status_legend=pd.DataFrame([{"Status": STATUS_LABELS[k], "Meaning": v} for k, v in STATUS_EXPLAINED.items()]),
    )
