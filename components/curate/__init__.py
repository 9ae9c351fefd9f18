"""The curator's workspace (README, "Curator's workspace"): forms built from ``datapackage.json``,
checked live with the rules of ``make validate``, previewed, saved without losing anything.

Loaded only when the server is started with ``CC5_CURATE=1`` (``registry.curating()``): the page
``pages/curate.py`` imports ``components.curate.workspace`` after checking the switch, and only
``components.curate.store`` writes to the data folder. This package imports none of its modules.
"""
