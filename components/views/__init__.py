"""One view model per page: what a page shows for a view (data, filters, page choices),
computed once, in plain typed Python. The page, presentation mode, the PNG export and the
deck draw these objects and compute nothing of their own.

Each ``*_view`` is a plain function of the dataset and the view; the app calls them through
``memo.memo``, which keeps the result per dataset and view for every session of the process.
The results are shared: callers read them, never change them.
"""

from components.views.base import Chart, MechanismCount, caption, mechanism_count, years_text
from components.views.changes import ChangesView, changes_view
from components.views.compare import PARAM_COMPARE, CompareView, compare_view, default_countries
from components.views.countries import CountryView, country_view
from components.views.directions import DirectionPanel, DirectionsView, directions_view
from components.views.mapview import MapPageView, map_view
from components.views.mechanisms import MechanismsView, mechanisms_view
from components.views.overview import EventItem, OverviewView, overview_view
from components.views.searchview import SearchGroup, SearchView, search_view
from components.views.sources import SourcesView, sources_view
from components.views.timeline import TimelineView, timeline_view

__all__ = [
    "CompareView",
    "compare_view",
    "default_countries",
    "PARAM_COMPARE",
    "SearchGroup",
    "SearchView",
    "search_view",
    "ChangesView",
    "changes_view",
    "Chart",
    "CountryView",
    "DirectionPanel",
    "DirectionsView",
    "EventItem",
    "MapPageView",
    "MechanismCount",
    "MechanismsView",
    "OverviewView",
    "SourcesView",
    "TimelineView",
    "caption",
    "country_view",
    "directions_view",
    "map_view",
    "mechanism_count",
    "mechanisms_view",
    "overview_view",
    "sources_view",
    "timeline_view",
    "years_text",
]
