"""The built stylesheet: every Sass helper compiled to a value browsers understand."""

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "specifier" / "static" / "build" / "app.css"


def test_stylesheet_has_no_uncompiled_govuk_helper():
    # A GOV.UK helper called without its module's namespace is copied into the CSS as it
    # stands, and browsers then drop the whole declaration (borders and spacing vanish).
    css = STYLESHEET.read_text(encoding="utf-8")
    assert ".app-evidence{" in css
    assert re.findall(r"(?<![\w-])govuk-[\w-]+\(", css) == []
