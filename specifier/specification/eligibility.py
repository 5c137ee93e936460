"""Who counts towards an outcome: the places and groups its priority names, once confirmed.

A priority that names places ("Brindley Moor East, Millbank") or groups ("young people aged
18-24") should not become an outcome that counts anyone anywhere. The places and groups are
proposed as the outcome's eligibility rule; it reaches bidders only once the commissioner has
seen and confirmed it (or changed it, or said that anyone counts). Every group a specification
uses is defined for bidders from data/who-counts.yaml, or shown to the officer to define.
"""

import functools
import json
import math
import re
from pathlib import Path

import yaml

from specifier import wording
from specifier.fields import Invalid, text, text_list

VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "who-counts.yaml"
# A group that states its own age ("aged 18-24", "16 and 17 year olds", "aged 50 and over").
STATES_AGE = re.compile(
    r"\baged?\s*\d|\b\d{1,2}\s*(-|–|to)\s*\d{1,2}\b|\b\d{1,2}\s*(and|or) (over|under|older)\b"
    r"|\b(under|over) \d{1,2}\b|\b\d{1,2} ?\+|\byear olds?\b",
    re.IGNORECASE,
)

# The ages a group states, to define its term by: "aged 18-24", "aged 50 and over".
AGE_RANGE = re.compile(
    r"\baged\s+\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b|\baged\s+\d{1,2}\s+(?:and|or)\s+(?:over|under|older)",
    re.IGNORECASE,
)

MAX_ITEMS = 20
MAX_ITEM = 200
# Families whose outcomes count people (residents, recruits, staff) or spend with suppliers.
PEOPLE = {
    "employment",
    "targeted-employment",
    "hires",
    "targeted-hires",
    "sustained-6",
    "sustained-12",
    "vacancy-linked",
    "apprenticeships",
    "higher-apprenticeships",
    "apprentice-weeks",
    "completions",
    "placements",
    "supported-internships",
    "residents",
    "staff-development",
}
# Families counting the contract's own workers gaining skills: where a priority is about local
# skills, its places say where the workers who count live, so skills brought in from elsewhere
# do not count (FINDINGS-10 G5). Its groups (young people, adults retraining) are about who is
# recruited, not who is trained, so they do not narrow these; nor do the places shrink the
# minimum: the supplier chooses which of its workers to train. Our judgement.
PLACES_ONLY = {"staff-development"}
# Food counts by what it is, not by who sells it: who counts does not limit it.
SUPPLIERS = {"local-spend", "sme-spend", "targeted-spend"}
ANYONE = {"places": [], "groups": []}
# Families counting posts the supplier creates for the contract: naming places says where they
# are filled from, and does not shrink how many there are.
CREATED_POSTS = {
    "apprenticeships",
    "apprentice-weeks",
    "higher-apprenticeships",
    "placements",
    "supported-internships",
}


@functools.cache
def vocabulary():
    """Return {'people': [...], 'suppliers': [...]}: each term with its compiled pattern."""
    loaded = _loaded()
    return {
        kind: [{**entry, "pattern": re.compile(entry["match"], re.IGNORECASE)} for entry in entries]
        for kind, entries in loaded.items()
        if kind in ("people", "suppliers")
    }


@functools.cache
def _loaded():
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))


def area_kinds():
    """Return the kinds of area a contract can serve (island, rural, valley ...)."""
    return _loaded()["area_kinds"]


@functools.cache
def _unplaced_wording():
    return [(re.compile(w["say"], re.IGNORECASE), w["as"]) for w in _loaded()["unplaced_people"]]


def without_local(text):
    """Return text about the people an outcome counts without saying they are local.

    For an outcome whose who-counts rule sets no place limit: "Jobs for local people" would
    promise a place limit that "count wherever they live" denies (data: who-counts.yaml).
    """
    capital = text[:1].isupper()
    for pattern, replacement in _unplaced_wording():
        text = pattern.sub(lambda m, r=replacement: _same_case(m.group(0), r), text)
    return text[:1].upper() + text[1:] if capital else text


def _same_case(found, replacement):
    return replacement.capitalize() if found[:1].isupper() else replacement


def studies_at(description):
    """The places of study an outcome's description names as local ("colleges and
    universities" in "graduates of local colleges and universities"), or ''."""
    found = re.search(_loaded()["studies_at"], description or "", re.IGNORECASE)
    return found.group(1) if found else ""


def referred_by(evidence):
    """The council's own service an outcome's evidence says refers the people it counts ("the
    council's leaving care or personal adviser service"), or '' (also where a person's own
    declaration will do instead: the route is then not the only one)."""
    found = re.search(_loaded()["referred_by"], evidence or "", re.IGNORECASE)
    if not found or re.search(r"self-declaration", found.group(0), re.IGNORECASE):
        return ""
    return found.group(1).strip()


def terms_in(text, kind=None):
    """Return the vocabulary entries a text uses (of one kind, or both), in vocabulary order."""
    kinds = [kind] if kind else ["people", "suppliers"]
    found = []
    for name in kinds:
        for entry in vocabulary()[name]:
            if entry["pattern"].search(text) and not (entry.get("age") and STATES_AGE.search(text)):
                found.append(entry)
    return found


def defined(outcomes):
    """Return the vocabulary entries the outcomes' titles, descriptions and groups use, each once.

    The definitions section defines each, so every bidder counts the same people and pounds.
    """
    found = {}
    for o in outcomes:
        groups = (o.who or ANYONE)["groups"]
        # People terms in the description too ("unemployed or economically inactive"); supplier
        # words there ("voluntary") are too loose to define.
        texts = [(o.title, None), (o.measure.get("description") or "", "people")]
        texts += [(g, o.applies_to) for g in groups + (o.who or ANYONE).get("also", [])]
        for text_, kind in texts:
            for entry in terms_in(text_, kind):
                found.setdefault(entry["term"], _own_age(entry, groups))
        description = o.measure.get("description") or ""
        for term, entry in found.items():
            limit = _age_limit(entry, description)
            if limit and "age" not in entry["means"]:
                found[term] = {**entry, "means": f"{entry['means']}, {limit}"}
    order = [e["term"] for kind in ("people", "suppliers") for e in vocabulary()[kind]]
    return sorted(found.values(), key=lambda e: order.index(e["term"]))


# An age limit said of a term in an outcome's description: "(care leavers up to age 25)".
_AGE_LIMIT = (
    r"[^.;()]{0,40}?\b((?:up to|under) (?:the )?age (?:of )?\d{2}|aged? (?:under|up to) \d{2})"
)


def _age_limit(entry, description):
    """The age limit an outcome's description puts on a term ("up to age 25"), or '': the
    definition then says it too, so the two agree (FINDINGS-10 G5)."""
    found = re.search(f"(?:{entry['match']}){_AGE_LIMIT}", description, re.IGNORECASE)
    return found.group(found.lastindex) if found else ""


def _own_age(entry, groups):
    """An age term takes the ages the council gave it in another group ("young people aged
    18-24" beside "young people with SEND"), so the definition does not contradict the rule."""
    if not entry.get("age"):
        return entry
    for group in groups:
        said = AGE_RANGE.search(group)
        if said and entry["pattern"].search(group):
            return {**entry, "means": f"people {said.group(0)} when they start"}
    return entry


def narrower(title, rule):
    """Return the supplier terms of an outcome's title that its who-counts groups leave out.

    "Spend with SMEs" counted only with micro and small businesses says two things at once.
    """
    if not rule or not rule["groups"]:
        return []
    said = {e["term"] for e in terms_in(title, "suppliers")}
    kept = {e["term"] for g in rule["groups"] for e in terms_in(g, "suppliers")}
    return sorted(said - kept)


def _named(text, kind):
    """The vocabulary entries a text names, age terms included."""
    return [e for e in vocabulary()[kind] if e["pattern"].search(text)]


# A stated age band, with any brackets round it: "aged 16-17", "(16 to 18)", "aged 16 and over".
_AGE_BAND = re.compile(
    r"\s*\(?\b(?:aged\s+)?\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b\)?"
    r"|\s*\baged\s+\d{1,2}\s+(?:and|or)\s+(?:over|under|older)",
    re.IGNORECASE,
)


def route(family, title):
    """The route (`route_ages` in who-counts.yaml) that sets the ages of the people an outcome
    counts, by its rule family or its title, or None."""
    for found in _loaded().get("route_ages", ()):
        if family in found.get("families", ()):
            return found
        if found.get("title") and re.search(found["title"], title or "", re.IGNORECASE):
            return found
    return None


def route_aged(rule, family, title=""):
    """Return the rule with its young people groups at the ages of the outcome's route: an
    apprenticeship outcome counts young people aged 16 to 24 (the age band dropped), a T Level
    placement young people aged 16-19, not only a council's 16-17s."""
    found = route(family, title)
    if not rule or not found:
        return rule
    [young] = [e for e in vocabulary()["people"] if e["term"] == "young people"]
    ages = found.get("ages")

    def aged(group):
        if not young["pattern"].search(group):
            return group
        bare = " ".join(_AGE_BAND.sub("", group).split())
        if not ages:
            return bare
        found_young = young["pattern"].search(bare)
        return f"{bare[: found_young.end()]} {ages}{bare[found_young.end() :]}"

    groups = [aged(g) for g in rule["groups"]]

    def every_young(group):
        return young["pattern"].fullmatch(" ".join(_AGE_BAND.sub("", group).split()))

    if any(every_young(g) for g in groups):  # all young people count: say it once
        groups = [g for g in groups if every_young(g) or not young["pattern"].search(g)]
    return {**rule, "groups": list(dict.fromkeys(groups))}


def route_widened(rule, family, title):
    """Return (route, [(council group, group who counts takes instead)]): the council's young
    people groups stating an age band that the outcome's route changes, for the officer to see
    (FINDINGS-10 G5); (None, []) when there is no route."""
    found = route(family, title)
    if not rule or not found:
        return None, []
    aged = route_aged(rule, family, title)["groups"]
    [young] = [e for e in vocabulary()["people"] if e["term"] == "young people"]
    changed = []
    for group in rule["groups"]:
        said = young["pattern"].search(group) and _AGE_BAND.search(group)
        if not said or group in aged:
            continue
        instead = route_aged({"places": [], "groups": [group]}, family, title)["groups"][0]
        changed.append((group, instead))
    return found, changed


def counted(rule, title, kind, family=None):
    """Return who counts as bidders are bound by it: never wider than the outcome's own group.

    An outcome whose title names a group ("Long-term unemployed people recruited", "Supported
    internships for young people with SEND", "Contract spend with voluntary, community and
    social enterprise organisations") counts only that group; the council's groups narrow it,
    never widen it. A group inside the outcome's own ("young people with an EHC plan") is kept;
    one wider than it ("homeless or at risk of homelessness") leaves the outcome's own group;
    people in neither count only where they are in the outcome's group too (`also`: "long-term
    unemployed people who are also disabled people"). Suppliers outside the title's kinds are
    dropped (a VCSE outcome does not count micro and small businesses), unless the title names
    one kind and is retitled to say the groups (`retitled`); where none is left the rule is
    kept as it is, and the check that its title and who counts disagree says so.
    The result marks `own` when its groups are the outcome's own, which size nothing. For a
    family whose route sets its ages (`route_aged`), young people count at the route's ages.
    """
    rule = route_aged(rule, family, title)
    if rule and family in PLACES_ONLY:
        return {**rule, "groups": []}
    if not rule or not rule["groups"] or kind not in ("people", "suppliers"):
        return rule
    own = _named(title, kind)
    # A spend title naming one kind is retitled to the groups instead ("Contract spend with
    # micro and small businesses or social enterprises"): title and who counts then agree.
    if not own or (kind == "suppliers" and retitled(title, rule) != title):
        return rule
    names = {e["term"] for e in own}
    core = {e["term"] for e in own if not e.get("age")} or names
    phrase = any_of_people(e for e in own if e["term"] in core)
    # A group that names the outcome's own people and no others ("adults who have been out of
    # work for more than a year" for long-term unemployed recruits) restates the outcome: the
    # groups are alternatives, so everyone the outcome counts serves the priority. Said once,
    # never "long-term unemployed and who are also ... out of work for more than a year".
    if kind == "people" and any(
        {e["term"] for e in _named(g, kind)} == core for g in rule["groups"]
    ):
        return {**rule, "groups": [phrase], "also": [], "own": True, "restated": True}
    # Kinds the outcome's own are part of ("third sector organisations" holds a VCSE's).
    above = {w for e in own if e["term"] in core for w in e.get("within", ())}
    inside, other, wider = [], [], False
    for group in rule["groups"]:
        found = _named(group, kind)
        terms = [{e["term"], *e.get("within", ())} for e in found]
        covers = any(t & core for t in terms)
        if covers and all(t & names for t in terms):
            inside.append(group)
        elif covers or any(e["term"] in above for e in found):
            wider = True
        else:
            other.append(group)
    if inside and not wider:
        return {**rule, "groups": inside}
    if kind == "suppliers":
        return {**rule, "groups": []} if wider else rule
    return {**rule, "groups": [phrase], "also": [] if wider else other, "own": True}


def any_of_people(entries):
    """Name the people of vocabulary entries in a sentence: "long-term unemployed people"."""
    return wording.any_of([e.get("people", e["term"]) for e in entries])


def left_out(rule, title, kind, family=None):
    """Return the groups of a rule that who counts leaves out as outside the outcome's own."""
    if family in PLACES_ONLY:
        return []  # its groups are not who it is for: nothing a group of its own leaves out
    rule = route_aged(rule, family, title)
    kept = counted(rule, title, kind) or ANYONE
    if kept.get("restated"):
        return []  # every group is within the outcome's own people, which all count
    said = set(kept["groups"]) | set(kept.get("also", ()))
    return [g for g in (rule or ANYONE)["groups"] if g not in said]


def within(rule, title, kind, family=None):
    """Return the groups of a rule who counts takes in without naming them: where a group
    restates the outcome's own people ("young people aged 18-24" for young NEET recruits), every
    one of them counts, so the priority's other groups ("care leavers") count as such people
    too. Who counts and the Why line say them, as the people the priority is for (twelfth
    review): silent, a bidder could not tell the council wants them reached."""
    if family in PLACES_ONLY or kind != "people" or not rule or not rule["groups"]:
        return []
    kept = counted(rule, title, kind) or ANYONE
    if not kept.get("restated"):
        return []
    own = _named(title, kind)
    core = {e["term"] for e in own if not e.get("age")} or {e["term"] for e in own}
    aged = route_aged(rule, family, title)["groups"]
    return [
        g for g in aged if g not in kept["groups"] and {e["term"] for e in _named(g, kind)} != core
    ]


# The rest of a supplier term's noun phrase in a title: "small and medium-sized enterprises (SMEs)".
_TERM_TAIL = r"(?:[- ]sized)?(?:\s+(?:enterprises|businesses|firms|suppliers|organisations))?"
_TERM_TAIL += r"(?:\s*\([A-Z]+s?\))?"


def retitled(title, rule):
    """Return a supplier outcome's title naming the groups its who-counts rule keeps.

    "Contract spend with SMEs" counted only with micro and small businesses is titled "Contract
    spend with micro and small businesses", so the title says what bidders count. A title naming
    more than one kind of supplier ("voluntary, community and social enterprise organisations")
    is not rewritten: the checks ask the officer to choose.
    """
    left_out = narrower(title, rule)
    if len(left_out) != 1 or len(terms_in(title, "suppliers")) != 1:
        return title
    [entry] = [e for e in vocabulary()["suppliers"] if e["term"] == left_out[0]]
    phrase = re.compile(f"(?:{entry['match']}){_TERM_TAIL}", re.I)
    found = phrase.search(title)
    if not found:
        return title
    return title[: found.start()] + wording.any_of(rule["groups"]) + title[found.end() :]


def localised(title):
    """Return a spend outcome's title saying that only local suppliers count.

    "Contract spend with micro and small businesses" becomes "Contract spend with local micro
    and small businesses"; "local" is defined once, in the specification's definitions.
    """
    found = re.search(r"\bwith\s+", title)
    if found is None:
        return f"{title} (local suppliers only)"
    return f"{title[: found.end()]}local {title[found.end() :]}"


def with_local_place(rule):
    """The rule with the council's area as its place, for sizing a local-only minimum."""
    return {**(rule or ANYONE), "places": ["local"]}


# Place names in a contract's words: capitalised names listed after "in", "at", "across" and
# the like ("in Lisnaharra, Bannside and Drumcree Bridge", "at Inverbrannan"), so that a
# capitalised term such as "Food for Life" is not taken for a place.
NAME = r"[A-Z][\w'’-]+(?:\s+(?:of\s+|and\s+the\s+)?[A-Z][\w'’-]+)*"
PLACE_LIST = re.compile(
    r"\b(?:in|at|across|around|near|throughout|covering|serving|between)\s+(?:the\s+)?"
    rf"({NAME}(?:\s*(?:,|\band\b|\bor\b)\s*{NAME})*)"
)
# Words a place name shares with others without being the same place.
GENERIC_PLACE_WORDS = {"town", "rural", "east", "west", "north", "south", "central", "isle"}
GENERIC_PLACE_WORDS |= {"isles", "upper", "lower", "the", "and", "city", "council", "district"}
# Words saying a contract is delivered across an area no list of towns or wards covers: the
# council's whole area ("in the borough") is one.
WIDE_AREA = re.compile(
    r"\b(rural|islands?|across the|the whole|district-wide|borough-wide|county-wide"
    r"|(?:in|throughout) the (?:borough|district|county|council's area)\b)"
    r"(\s+(?!and\b)[\w'’-]+){0,4}",
    re.I,
)


@functools.cache
def _not_places():
    return {w.lower() for w in _loaded()["not_places"]}


def is_place(name, known=()):
    """True unless every word of a capitalised name is one that names no place (a language, a
    nationality, a day: "Welsh", "English", "Monday"); a council's own place name is always one
    ("English Bicknor")."""
    if name.lower() in {k.lower() for k in known}:
        return True
    words = re.findall(r"[\w'’]+", name.lower())
    return not all(w in _not_places() or w in GENERIC_PLACE_WORDS for w in words)


def is_address(name, after=""):
    """True when a capitalised name is a site's street, building or watercourse ("Brook Street",
    "Millbank Baths", "the Hather canal": `after` is the text that follows it), not an area
    people live in: where the work is, which never widens the places who counts names."""
    parts = re.split(r"\s+and\s+the\s+", name)  # "Brook Street and the Hather"
    last = {re.findall(r"[a-z]+", part.lower())[-1] for part in parts if re.search("[a-z]", part)}
    following = re.match(r"\s*([a-z]+)", after or "")
    loaded = _loaded()
    return bool(last & set(loaded["address_words"])) or bool(
        following and following.group(1) in loaded["address_after"]
    )


def _located_in(rest, places):
    """True when the clause after a list of names places them in one of `places` ("between
    Brook Street and the canal in Millbank"): they are inside the places who counts names."""
    clause = re.split(r"[.;:,(]", rest, maxsplit=1)[0]
    return any(
        re.search(rf"\bin\s+(?:the\s+)?{re.escape(p)}(?!\w)", clause, re.I) for p in places or ()
    )


def place_words(name):
    """The words of a place name that tell it from others ("innsay" in "Isle of Innsay")."""
    return {w for w in re.findall(r"[a-z']{4,}", name.lower()) if w not in GENERIC_PLACE_WORDS}


def outside(places, names=(), text="", known=()):
    """Return the lots (`names`, each a place) and the place names in `text` (the contract's
    description) that share no word with any of `places`: where the contract is delivered but
    nobody who lives there counts. `known`: the council's own place names."""
    named = set().union(*(place_words(p) for p in places)) if places else set()
    text = text or ""
    found_names = []
    for m in PLACE_LIST.finditer(text):
        if _located_in(text[m.end() :], places):
            continue
        for n in re.finditer(NAME, m.group(1)):
            if not is_address(n.group(0), text[m.start(1) + n.end() :]):
                found_names.append(n.group(0))
    candidates = list(names) + [n for n in found_names if is_place(n, known)]
    found = []
    for name in candidates:
        words = place_words(name)
        if words and not words & named and name not in found:
            found.append(name)
    return found


def gaps(places, procurement, known=()):
    """Where a contract is delivered but the places who count do not reach: {'lots': lot titles,
    'others': place names in its description, 'wide': words for a wider area, or ''}."""
    titles = [lot["title"] for lot in procurement.get("lots") or [] if lot.get("title")]
    description = procurement.get("description")
    missed = outside(places, titles, description, known) if places else []
    return {
        "lots": [t for t in missed if t in titles],
        "others": [t for t in missed if t not in titles],
        "wide": wide_area(description) if places else "",
    }


def lot_places(title):
    """The places a lot's title names ("Portcairn and Craigmhor": both), or [] when it names
    none ("Collection rounds north of the river", "North")."""
    title = (title or "").strip()
    if not re.fullmatch(rf"{NAME}(?:\s*(?:,|\band\b|\bor\b)\s*{NAME})*", title):
        return []
    return [name for name in re.findall(NAME, title) if place_words(name)]


def reach(rule, procurement, known=()):
    """Return (lots, phrase): where a confirmed rule's places do not cover the work, so the
    place limit widens rather than shutting out the people or suppliers the work is for.

    lots: {lot title: the lot's own places, [] when its title names none} for each lot whose
    places the rule does not wholly cover: there the lot's own places count (or the council's
    area), so a lot always counts its own places. A lot whose title names no place ("Main
    campus building") is where the description places the work: covered when the description
    names one of the rule's places and none outside them. phrase: for a contract without lots, what
    in its description the places leave out (a place, or an area no list covers such as
    "rural parts of the district"); the limit widens to the council's area. '' when covered.
    `known`: the council's own place names, places whatever words they are made of.
    """
    if not rule or not rule["places"]:
        return {}, ""
    named = set().union(*(place_words(p) for p in rule["places"]))
    titles = [lot["title"] for lot in procurement.get("lots") or [] if lot.get("title")]
    if titles:
        placed = _placed_within(rule["places"], procurement, known)
        found = {}
        for title in titles:
            own = lot_places(title)
            if not own and placed:
                continue
            words = [place_words(p) for p in own or [title]]
            if any(w and not w & named for w in words):
                found[title] = own
        return found, ""
    missed = gaps(rule["places"], procurement, known)
    return {}, "; ".join(missed["others"] + ([f'"{missed["wide"]}"'] if missed["wide"] else []))


def _placed_within(places, procurement, known=()):
    """True when the contract's description places its work in one of `places` by name and
    names no place, or wider area, outside them."""
    description = procurement.get("description") or ""
    named = any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", description, re.I) for p in places)
    return named and not outside(places, (), description, known) and not wide_area(description)


def wide_area(description):
    """The words saying a contract covers an area wider than named places ("rural parts of the
    district"), or ''."""
    found = WIDE_AREA.search(description or "")
    return found.group(0) if found else ""


def _known(group, kind):
    """True when a group is defined by the vocabulary, or states its own age."""
    entries = [e for e in vocabulary()[kind] if e["pattern"].search(group)]
    return bool(entries) or bool(STATES_AGE.search(group))


def undefined(rule, kind):
    """Return the groups of a rule that no definition covers: the officer defines or removes them."""
    if not rule or not kind:
        return []
    return [group for group in rule["groups"] + rule.get("also", []) if not _known(group, kind)]


def share(rule, family, default, *, local=False, trades=True):
    """Roughly what share of the people or suppliers an outcome counts its rule still counts.

    Named places keep `default` of them, except for apprenticeships: the supplier creates those
    posts for the contract, and the places say where it recruits to fill a handful, which even
    two wards can. Nor do they narrow a `local` family, whose share is already of local people
    or suppliers: the places say where local is, and a second fifth would count it twice. Named groups
    are alternatives: they keep the share in any of them (each group's share from the
    vocabulary), the whole where a group is most of whom the family counts anyway (young people
    or adults retraining, for apprenticeships). The outcome's own group (`own`, from `counted`)
    is what the family is sized for already: only the groups it is narrowed to (`also`) count.
    `trades`: the contract's workforce is a works site or trade workforce, where a group broad
    only there (`trades_only`) is most of the apprentices; elsewhere it keeps its
    `share_outside_trades`.
    """
    if not rule:
        return 1.0
    kind = applies_to(family) or "people"
    found = 1.0
    if rule["places"] and family not in CREATED_POSTS | PLACES_ONLY and not local:
        found *= default
    groups = rule.get("also", []) if rule.get("own") else rule["groups"]
    if groups:
        shares = []
        for group in groups:
            entries = [e for e in vocabulary()[kind] if e["pattern"].search(group)]
            narrower = [
                e["share_outside_trades"]["value"]
                for e in entries
                if not trades and family in e.get("trades_only", ())
            ]
            if narrower:
                shares.append(max(narrower))
            elif any(family in e.get("broad_for", ()) for e in entries):
                shares.append(1.0)
            else:
                shares.append(max([e.get("share", default) for e in entries] or [default]))
        # The groups are alternatives: a person (or supplier) in any of them counts, so they
        # keep the share in at least one, taking the groups as independent (our judgement; the
        # largest alone gave "3 FTE years" on £60m for four groups, FINDINGS-6 D9).
        found *= 1 - math.prod(1 - share for share in shares)
    return found


def local_priorities(outcomes):
    """[(priority, 'people' or 'suppliers')] for the outcomes that count people or suppliers,
    for whom "local" matters: a council's definition of local "where a contract says so"
    applies, to them, where their priority names its place."""
    return [(o.priority, o.applies_to) for o in outcomes if o.priority and o.applies_to]


def residence_free(measure):
    """Why where a person lives is irrelevant to what the measure counts (`residence_free` in
    who-counts.yaml: staff using or learning a language in the service), or ''."""
    title = measure.get("title") or ""
    for entry in _loaded()["residence_free"]:
        if all(re.search(words, title, re.IGNORECASE) for words in entry["title"]):
            return " ".join(entry["because"].split())
    return ""


def asks_local_people(priority):
    """True when a priority's title or description asks for local people ("apprenticeships for
    local people", "local skills": `local_people_asks` in who-counts.yaml)."""
    said = f"{(priority or {}).get('title') or ''}. {(priority or {}).get('description') or ''}"
    return bool(re.search(_loaded()["local_people_asks"], said, re.IGNORECASE))


def applies_to(family):
    """Return what an eligibility rule limits for this family: 'people', 'suppliers' or None."""
    if family in PEOPLE:
        return "people"
    if family in SUPPLIERS:
        return "suppliers"
    return None


def proposed(priority):
    """Return the places and groups a priority names, or None when it names neither."""
    if not priority:
        return None
    rule = {
        "places": list(priority.get("places") or []),
        "groups": list(priority.get("target_groups") or []),
    }
    return rule if rule["places"] or rule["groups"] else None


def outside_trades(rule, trades):
    """The rule without the groups that belong to a trade the contract is not in (`trade` in
    who-counts.yaml; `trades` their names): "women entering construction" is not carried onto
    school transport (FINDINGS-11 H3). None when nothing is left to limit who counts."""
    if not rule or not trades:
        return rule
    groups = [
        g for g in rule["groups"] if not any(e.get("trade") in trades for e in _named(g, "people"))
    ]
    kept = {**rule, "groups": groups}
    return kept if kept["places"] or kept["groups"] else None


def resolve(stored, priority, family):
    """Return (rule, state) for an outcome.

    `stored` is the confirmed rule (a dict, or None when not yet confirmed). State is 'none'
    (the outcome cannot be limited, or its priority names nothing), 'ignored' (a rule was
    confirmed for an outcome that counts neither people nor suppliers), 'proposed' (from the
    priority, not yet confirmed: it stays out of the document) or 'confirmed'.
    """
    if applies_to(family) is None:
        limits = stored is not None and bool(stored["places"] or stored["groups"])
        return (stored, "ignored") if limits else (None, "none")
    if stored is not None:
        return stored, "confirmed"
    suggestion = proposed(priority)
    return (suggestion, "proposed") if suggestion else (None, "none")


def clean(places, groups):
    """Return a rule from text (one a line, or separated by semicolons) or lists; raise Invalid naming the field at fault."""
    rule, errors = {}, {}
    for field, value, label in (("places", places, "place"), ("groups", groups, "group")):
        if not isinstance(value, list | tuple):
            value = [part for line in str(value or "").splitlines() for part in text_list(line)]
        items = value
        items = list(dict.fromkeys(" ".join(text(i).split()) for i in items if text(i)))
        if len(items) > MAX_ITEMS:
            errors[field] = f"Give at most {MAX_ITEMS} of them, one a line"
        elif any(len(i) > MAX_ITEM for i in items):
            errors[field] = f"Each {label} must be {MAX_ITEM} characters or fewer"
        rule[field] = items
    if errors:
        raise Invalid(errors)
    return rule


def load(stored):
    """Return a stored rule (JSON text) as a dict, or None when not confirmed or unreadable."""
    if not stored:
        return None
    try:
        rule = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(rule, dict):
        return None
    try:
        return clean(rule.get("places") or [], rule.get("groups") or [])
    except Invalid:
        return None


def dump(rule):
    """Return a rule as the JSON text stored."""
    return json.dumps({"places": rule["places"], "groups": rule["groups"]})
