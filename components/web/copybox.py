"""A text to copy (a citation, an embed code) with a Copy button, in place of ``st.code``.

``st.code`` draws through Streamlit's syntax highlighter, a 452 KB (Brotli) script that every
page loaded only for the citation in its sidebar: a quarter of a chart page's JavaScript and a
third of a page without a chart. This custom component (``st.components.v2``, no iframe) shows
the text in a preformatted block and copies it with the Clipboard API, or by selecting it where
that API is not offered (a plain-HTTP address). The text reaches the page as ``textContent``,
never as HTML.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import streamlit as st

from components.data.i18n import _

NAME = "cc5_copy"

_JS = """
function copy(text, pre) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const range = document.createRange();  // plain HTTP: select the text and copy the selection
  range.selectNodeContents(pre);
  const sel = window.getSelection();
  sel.removeAllRanges(); sel.addRange(range);
  return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}
export default function ({ parentElement, data }) {
  const pre = parentElement.querySelector("pre");
  const button = parentElement.querySelector("button");
  pre.textContent = data.text;
  pre.setAttribute("aria-label", data.label);
  button.textContent = data.copy;
  button.setAttribute("aria-label", data.copy + ": " + data.label);
  button.onclick = () => copy(data.text, pre)
    .then(() => { button.textContent = data.copied; })
    .catch(() => { button.textContent = data.select; })
    .finally(() => setTimeout(() => { button.textContent = data.copy; }, 2000));
}
"""
_CSS = """
.cc5-copy{display:flex;flex-direction:column;align-items:flex-end;gap:.25rem;margin:0 0 .5rem 0}
.cc5-copy pre{align-self:stretch;margin:0;padding:.6rem .75rem;background:var(--st-secondary-background-color,#f0f2f6);
  border-radius:.5rem;font-family:var(--st-code-font,"Source Code Pro",monospace);font-size:.75rem;line-height:1.45;
  white-space:pre-wrap;overflow-wrap:anywhere;color:inherit}
.cc5-copy button{font:inherit;font-size:.75rem;padding:.1rem .6rem;border:1px solid rgba(49,51,63,.25);
  border-radius:.4rem;background:var(--st-background-color,#fff);color:inherit;cursor:pointer}
.cc5-copy button:focus-visible{outline:2px solid #1c6dd0;outline-offset:1px}
"""
_HTML = '<div class="cc5-copy"><button type="button"></button><pre></pre></div>'


@cache
def _component() -> Any:
    return st.components.v2.component(NAME, html=_HTML, css=_CSS, js=_JS, isolate_styles=False)


def copy_box(text: str, label: str, *, key: str | None = None) -> None:
    """``text`` in a preformatted block with a Copy button; ``label`` names it for screen readers."""
    data = {"text": text, "label": label, "copy": _("Copy"), "copied": _("Copied"),
            "select": _("Selected: press Ctrl+C to copy")}
    _component()(data=data, key=key, width="stretch", height="content")
