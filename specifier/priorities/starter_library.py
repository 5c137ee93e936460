"""The starter library: common priorities, by theme, for councils new to social value."""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from specifier.fields import text, text_list
from specifier.themes import THEMES


@dataclass(frozen=True)
class Starter:
    """One library priority with the prompt that helps a council decide whether it fits."""

    key: str
    theme: str
    title: str
    description: str
    prompt: str
    suggested_evidence: str
    target_groups: list = field(default_factory=list)

    def record(self):
        """Return the fields a council's own priority starts from (no evidence: that is local)."""
        return {
            "title": self.title,
            "description": self.description,
            "theme": self.theme,
            "target_groups": list(self.target_groups),
        }


def key_for(title):
    """Return a stable key for a library priority, made from its title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@functools.cache
def load(path):
    """Read the library file into {theme key: [Starter, ...]}, in the file's theme order."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    library = {}
    for group in data.get("themes") or []:
        theme = text(group.get("theme"))
        if theme not in THEMES:
            raise ValueError(f"{path}: unknown theme {theme!r}")
        library[theme] = [
            Starter(
                key=key_for(text(item["title"])),
                theme=theme,
                title=text(item["title"]),
                description=text(item["description"]),
                prompt=text(item.get("prompt")),
                suggested_evidence=text(item.get("suggested_evidence")),
                target_groups=text_list(item.get("target_groups")),
            )
            for item in group.get("priorities") or []
        ]
    return library


def by_key(library):
    """Return {key: Starter} across every theme."""
    return {s.key: s for starters in library.values() for s in starters}
