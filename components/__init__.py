"""Logic of the China–Central Asia Cooperation Monitor, importable without a Streamlit server."""

from pathlib import Path

# The project's folder (data/, assets/, i18n/, scripts/ sit there); modules in the layer packages
# find their files through it rather than counting parent folders.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
