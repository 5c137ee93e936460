"""Council jargon (NEET, RLW, VCSE...) expanded into plain words before matching."""

import functools
import re
from pathlib import Path

import yaml

GLOSSARY = Path(__file__).resolve().parent.parent / "data" / "glossary.yaml"


@functools.cache
def terms():
    """Return (pattern, term, meaning) for every glossary entry, longest terms first."""
    entries = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]
    compiled = []
    for entry in sorted(entries, key=lambda e: -len(e["term"])):
        flags = 0 if entry.get("case") == "exact" else re.IGNORECASE
        pattern = re.compile(r"(?<![\w-])" + re.escape(entry["term"]) + r"(?![\w-])", flags)
        compiled.append((entry["term"].lower(), pattern, entry["term"], entry["means"]))
    return compiled


def expand(text):
    """Return the text with each jargon term followed by its meaning, and the terms found."""
    found = []
    for needle, pattern, term, meaning in terms():
        if needle not in text.lower():  # a cheap test first: most texts hold few of the terms
            continue
        match = pattern.search(text)
        if match and meaning.lower() not in text.lower():
            text = f"{text[: match.end()]} ({meaning}){text[match.end() :]}"
            found.append((term, meaning))
    return text, found
