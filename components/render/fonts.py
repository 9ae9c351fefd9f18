"""Fonts for what the server draws itself (PNG pictures through Chromium, the deck's text):
Chinese needs a CJK font, or Chromium draws empty boxes where the characters should be.

Debian's ``fonts-noto-cjk`` (installed by scripts/ensure_system.sh) gives "Noto Sans CJK SC",
the simplified-Chinese face of Noto Sans CJK. Russian needs nothing more: the Latin fonts in use
(DejaVu Sans, Arial) cover Cyrillic. Plain Python: no Streamlit, no plotly.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from components.data.i18n import _

CJK_FAMILY = "Noto Sans CJK SC"
CJK_PACKAGE = "fonts-noto-cjk"
# Where Debian puts the faces (fonts-noto-cjk); fc-list is asked when none of them is there.
CJK_FILES: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
# Languages whose text needs a CJK face in pictures and slides.
CJK_LANGS: tuple[str, ...] = ("zh",)
# The deck's East Asian font: PowerPoint substitutes a GB2312 face (Microsoft YaHei, SimSun)
# when this one is not installed; LibreOffice asks fontconfig, which finds Noto Sans CJK.
EA_TYPEFACE = CJK_FAMILY
EA_CHARSET = "-122"  # GB2312_CHARSET (134) as the signed byte Office writes


def needs_cjk(lang: str) -> bool:
    """True when text in ``lang`` needs a CJK face (Chinese)."""
    return lang in CJK_LANGS


def _fc_list(pattern: str) -> str:
    exe = shutil.which("fc-list")
    if exe is None:
        return ""
    try:
        done = subprocess.run([exe, pattern, "family"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


@cache
def cjk_available() -> bool:
    """True when the Noto CJK fonts are installed (a known file, else ``fc-list :lang=zh``)."""
    if any(p.exists() for p in CJK_FILES):
        return True
    return CJK_FAMILY in _fc_list(":lang=zh")


def family_for(lang: str) -> str | None:
    """The font family to put first for text in ``lang`` (None: the usual Latin fonts do)."""
    return CJK_FAMILY if needs_cjk(lang) else None


def with_family(family: str | None, lang: str) -> str | None:
    """A CSS font-family list for ``lang``: the CJK family first when Chinese, then ``family``."""
    first = family_for(lang)
    if first is None or (family and family.split(",")[0].strip().strip("'\"") == first):
        return family
    return f"{first}, {family}" if family else first


def missing_message(lang: str) -> str:
    """Why a picture in ``lang`` cannot be drawn here, and what to install (in the current language)."""
    return _(
        "no Chinese font on the server: pictures in '{lang}' would show empty boxes instead of characters. "
        "Install the Noto CJK fonts (apt-get install {package}; scripts/ensure_system.sh does it)."
    ).format(lang=lang, package=CJK_PACKAGE)


def covers(text: str, family: str = CJK_FAMILY) -> bool:
    """True when fontconfig's ``family`` has a glyph for every character of ``text`` other than
    spaces (asks ``fc-list`` with the characters as a charset)."""
    chars = sorted({ord(ch) for ch in text if not ch.isspace()})
    if not chars:
        return True
    charset = " ".join(f"{c:x}" for c in chars)
    return family in _fc_list(f":family={family}:charset={charset}")
