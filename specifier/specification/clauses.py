"""The clause library: plain-text Jinja templates under templates/clauses/, rendered without Flask."""

import functools
import re
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from specifier.matching.text import stems
from specifier.specification import eligibility, scoring
from specifier.wording import FILTERS

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
BLANK_LINES = re.compile(r"\n{3,}")
# A sentence ends at . ! or ? before a space and a capital, a digit, a quote or a bracket.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘'(£])")
# Shorter sentences ("Evidence: payroll.") may fairly recur; a document never repeats longer ones.
MIN_SENTENCE_WORDS = 5
AUDIENCES = TEMPLATES / "clauses" / "audiences.yaml"
# A council's sentence that applies only to some contracts ("Where a contract says so, ...",
# "For island contracts, ..."): a specification cannot know whether it is one of them.
FOR_SOME_CONTRACTS = re.compile(
    r"^(where|when|if|for)\b[^.]*\b(contracts?|tenders?|procurements?)\b", re.IGNORECASE
)
# A sentence for some contracts that widens "local" ("may also mean anywhere in Wales").
ALSO = re.compile(r"\balso\b", re.IGNORECASE)
# A lot title naming several islands, not one.
ISLANDS = re.compile(r"\b(?:isles|islands)\b", re.IGNORECASE)
# Such a sentence that names its contracts by kind: "For island contracts, ...".
FOR_KIND = re.compile(r"^for\s+(?P<kind>[^,.]+?)\s+(?:contracts?|tenders?|procurements?)\b", re.I)


@functools.cache
def environment():
    """Return the clause environment: plain text, strict about missing values, cached."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # noqa: S701 - plain text; each renderer escapes for its format
        # Not trim_blocks: a tag that ends a line must not eat the line break after it.
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.filters["for_every_contract"] = for_every_contract
    env.filters["narrowed"] = narrowed
    env.filters["named_districts"] = named_districts
    env.globals["say"] = say
    env.globals["zero_cap"] = scoring.zero_cap
    return env


@functools.cache
def _statement_template(text):
    return environment().from_string(text)


@pass_context
def say(context, key):
    """Render the legal statement with this key for the clause's legal position (law).

    The statement's own text is a template, so it can name the contract's value or threshold.
    With plain set in the context, a statement's plainer wording is used where it has one.
    A statement that is not law in the contract's nation, or not yet in force, is an error.
    """
    found = context["law"].say(key)
    text = found.plain if context.get("plain") and found.plain else found.text
    return tidy(_statement_template(text).render(context.get_all()))


def _council_sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", (text or "").strip()) if s.strip()]


# The place a sentence for some contracts extends "local" to: "... means the Isle of Innsay",
# "... may also mean anywhere in Wales".
MEANS_PLACE = re.compile(r"\bmeans?\b(?P<rest>.*)$", re.I)
# How a nation's name is said as an adjective: a priority for "Welsh businesses" asks for Wales.
ADJECTIVES = {"wales": "welsh", "scotland": "scottish", "england": "english"}
ADJECTIVES |= {"britain": "british", "ireland": "irish"}


def _sentence_places(sentence):
    """The words of the places a sentence for some contracts says "local" means."""
    found = MEANS_PLACE.search(sentence)
    if not found:
        return set()
    names = re.findall(eligibility.NAME, found.group("rest"))
    words = set().union(*(eligibility.place_words(n) for n in names)) if names else set()
    return words | {ADJECTIVES[w] for w in words if w in ADJECTIVES}


def _names(text, kind, places):
    """True when text has the words of a sentence's kind of contract, or names its place."""
    said = stems(text)
    return bool(kind and kind <= said) or bool(
        places & set(re.findall(r"[a-z']{4,}", text.lower()))
    )


def where_applies(sentence, procurement, priorities=()):
    """Where a council's sentence for some contracts applies to this one: 'contract', 'part'
    (of the contract), the lot titles it applies to, or None.

    "For island contracts, ..." applies to the lots whose title says "island" or names the place
    the sentence defines local as ("Innsay and the Isles" for "the Isle of Innsay"), else to the
    contract when its title or category does, else to the part of it its description names
    ("including cover on Innsay"). "Where a contract says so, ..."
    applies only where the contract says so: a priority it serves names the place ("local and
    Welsh businesses" for "anywhere in Wales"), for those its outcomes count: 'suppliers',
    'people', or 'contract' for both. `priorities`: [(priority, what its outcome counts)].
    """
    if not procurement:
        return None
    named = FOR_KIND.match(sentence)
    kind = stems(named.group("kind")) if named else set()
    places = _sentence_places(sentence)
    lots = [lot.get("title") or "" for lot in procurement.get("lots") or ()]
    if named:
        matched = [t for t in lots if t and _names(t, kind, places)]
        if matched:
            return matched
        whole = f"{procurement.get('title') or ''} {procurement.get('category') or ''}"
        if _names(whole, kind, places) and not _serves_beyond(procurement, kind):
            return "contract"
        return "part" if _names(procurement.get("description") or "", kind, places) else None
    kinds = {kind for p, kind in priorities or () if places and _names(p["title"], set(), places)}
    return ("contract" if len(kinds) > 1 else kinds.pop()) if kinds else None


def _serves_beyond(procurement, kind):
    """True when the contract's title or description names a kind of area besides the
    sentence's own ("island and rural schools", "the mainland glens"): it serves more than it."""
    said = set(
        re.findall(
            r"[a-z]+", f"{procurement.get('title')} {procurement.get('description')}".lower()
        )
    )
    said |= {w[:-1] for w in said if w.endswith("s")}
    return bool((set(eligibility.area_kinds()) - kind) & said)


def _applied(sentence, where):
    """A sentence for some contracts said for where it applies: "In the lot Innsay and the
    Isles, "local" means ..."; for the whole contract, "For this contract, ..."; for part of it,
    "For island work under this contract, ...". A "may" the council wrote for a choice now
    made is said as what it is ("also means")."""
    rest = sentence.split(",", 1)[1].strip() if "," in sentence else sentence
    rest = re.sub(r"\bmay also mean\b", "also means", rest)
    rest = re.sub(r"\bmay mean\b", "means", rest)
    if where == "contract":
        return f"For this contract, {rest}"
    if where in ("suppliers", "people"):
        return f"For {where} on this contract, {rest}"
    if where == "part":
        return f"For {FOR_KIND.match(sentence).group('kind')} work under this contract, {rest}"
    lots = " and ".join(where) if len(where) < 3 else f"{', '.join(where[:-1])} and {where[-1]}"
    if any(ISLANDS.search(t) for t in where):
        # A lot serving several islands ("Innsay and the Isles"): a firm on a smaller isle it
        # serves is local to it too, not only one on the island the sentence names
        # (FINDINGS-14c D9).
        serves = "the lot serves" if len(where) == 1 else "those lots serve"
        rest = f"{rest.rstrip('.')}, and any other island {serves}."
    return f"In {'the lot' if len(where) == 1 else 'the lots'} {lots}, {rest}"


def for_some_contracts(text, procurement=None, priorities=()):
    """The sentences of a council's text for some contracts only that the specification leaves
    out: this contract is not one of them, or it is only in part (`_said`)."""
    return [
        s
        for s in _council_sentences(text)
        if FOR_SOME_CONTRACTS.search(s) and not _said(s, procurement, priorities)
    ]


def _said(sentence, procurement, priorities):
    """Where a sentence for some contracts is said in this contract's definition, or None.

    A sentence narrowing "local" for part of a contract is not said: the contract would then have
    two definitions, one narrower than the places it serves (FINDINGS-16b 1). Lots keep theirs:
    each lot has one definition.
    """
    where = where_applies(sentence, procurement, priorities)
    return None if where == "part" else where


def for_every_contract(text, procurement=None, priorities=()):
    """A council's text without the sentences for other contracts than this one; a sentence for
    some contracts that applies is said for where it applies (the whole contract or its lots).

    Where one narrows "local" for the whole contract, it is the only definition said: the
    council-wide sentences it replaces would be a second, wider one.
    """
    kept = []
    for s in _council_sentences(text):
        if not FOR_SOME_CONTRACTS.search(s):
            kept.append(s)
        elif where := _said(s, procurement, priorities):
            if where == "contract" and not ALSO.search(s):
                return MEANS_PLACE.search(s).group("rest").strip()
            kept.append(_applied(s, where))
    return " ".join(kept)


def named_districts(districts, text):
    """The postcode districts a definition names, whole ("KB2" is not in "KB20")."""
    return [d for d in districts if re.search(rf"\b{re.escape(d)}\b", text)]


def narrowed(text, procurement=None, priorities=()):
    """True when a sentence for some contracts narrows "local" for this whole contract."""
    return any(
        FOR_SOME_CONTRACTS.search(s)
        and _said(s, procurement, priorities) == "contract"
        and not ALSO.search(s)
        for s in _council_sentences(text)
    )


def tidy(text):
    """Strip each line and keep at most one blank line between paragraphs."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def render(name, **context):
    """Render one clause template to tidy plain text."""
    return tidy(environment().get_template(name).render(**context))


def render_plain(name, rendered, **context):
    """Render a clause in its plainer wording: legal statements in their plain form.

    Returns '' when the clause has no plainer wording (it renders as `rendered` either way).
    """
    plain = render(name, **{**context, "plain": True})
    return "" if plain == rendered else plain


def sentences(text):
    """Return the sentences of clause text worth saying once: a bullet is one sentence."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        parts = [line[2:]] if line.startswith("- ") else SENTENCE_END.split(line)
        found += [p.strip() for p in parts if len(p.split()) >= MIN_SENTENCE_WORDS]
    return found


def unsaid(text, said):
    """Return clause text without the sentences already said; '' when nothing new is left.

    A sentence that introduces a list (ending ':') is kept with its list.
    """
    kept_lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            kept_lines.append("")
            continue
        bullet = stripped.startswith("- ")
        parts = [stripped[2:]] if bullet else SENTENCE_END.split(stripped)
        kept = [p for p in parts if p.strip() not in said or p.rstrip().endswith(":")]
        if kept:
            kept_lines.append(("- " if bullet else "") + " ".join(kept))
    return tidy("\n".join(kept_lines))


def paragraphs(text):
    """Split clause text into ('p', text) and ('ul', [items]) blocks.

    Each line is a paragraph (the library never hard-wraps prose); '- ' starts a bullet,
    and consecutive bullets form one list.
    """
    blocks = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(line[2:].strip())
            else:
                blocks.append(("ul", [line[2:].strip()]))
        else:
            blocks.append(("p", line))
    return blocks


@functools.cache
def _audiences():
    return yaml.safe_load(AUDIENCES.read_text(encoding="utf-8"))


def audiences(name):
    """Return every audience declared for a clause template ('clauses/outcomes/why.txt')."""
    inside = name.removeprefix("clauses/")
    return [
        audience
        for audience, entries in _audiences().items()
        for entry in entries
        if inside == entry or (entry.endswith("/") and inside.startswith(entry))
    ]


def audience(name):
    """Return who a clause template is for: 'bidder' or 'officer' (an error if undeclared)."""
    found = audiences(name)
    if len(found) != 1:
        raise ValueError(f"{name} must be declared for exactly one audience in {AUDIENCES.name}")
    return found[0]
