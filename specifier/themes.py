"""The social value themes shared by priorities and the open catalogue."""

import difflib

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


NEW_THEMES_NAMED = 5  # more would not fit in the banner's session cookie


def new_themes_notice(new_themes):
    """Name the themes an import created, with ours where one looks mistyped ("Enviroment")."""
    labels = {label.lower(): label for label in THEMES.values()}
    named = []
    for theme in new_themes[:NEW_THEMES_NAMED]:
        close = difflib.get_close_matches(theme.lower(), labels, n=1, cutoff=0.8)
        named.append(f"“{theme}”" + (f" (did you mean “{labels[close[0]]}”?)" if close else ""))
    more = len(new_themes) - len(named)
    return (
        f"New {'theme' if len(new_themes) == 1 else 'themes'} in your catalogue:"
        f" {', '.join(named)}{f' and {more} more' if more else ''}."
        " Correct the file and import it again if that was not intended."
    )
