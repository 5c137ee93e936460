"""The social value themes shared by priorities and the open catalogue."""

THEMES = {
    "jobs": "Jobs",
    "skills": "Skills",
    "fair-work": "Fair work",
    "local-economy": "Local economy",
    "environment": "Environment",
    "communities": "Communities",
    "innovation": "Innovation and accessibility",
}


def theme_label(key):
    """Return the label for a theme key, or the key itself for an unknown theme."""
    return THEMES.get(key, key)


def theme_key(value):
    """The key of one of our themes however it is written ("Fair work", "FAIR-WORK"), or None."""
    wanted = (value or "").strip().lower()
    return next((k for k, label in THEMES.items() if wanted in (k, label.lower())), None)
