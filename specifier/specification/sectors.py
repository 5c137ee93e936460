"""What suppliers in a contract's market can credibly deliver, from data/sectors.yaml."""

import functools
import re
from pathlib import Path

import yaml

from specifier import wording
from specifier.matching.text import WORD, phrase, stem

SECTORS = Path(__file__).resolve().parent.parent / "data" / "sectors.yaml"


def _run(text):
    """A phrase as the run of its words' stems: 'older people' is not 'older son ... people'."""
    return tuple(stem(w) for w in WORD.findall(text.lower()))


def _written(text):
    """A phrase as the run of its words as written, less a plural s: 'cloths' is not 'clothing',
    though both stem to 'cloth'."""
    return tuple(
        w[:-1] if w.endswith("s") and len(w) > 3 else w for w in WORD.findall(text.lower())
    )


@functools.cache
def _loaded():
    data = yaml.safe_load(SECTORS.read_text(encoding="utf-8"))
    markets = [
        {
            "name": m["name"],
            "cpv": tuple(m.get("cpv", ())),
            "not_cpv": tuple(m.get("not_cpv", ())),
            "division": tuple(m.get("division", ())),
            "category": m.get("category"),
            "only": tuple(m.get("only", ())),
            "replaces": tuple(m.get("replaces", ())),
            "sources": tuple(m["sources"]) if "sources" in m else None,
            "sources_because": " ".join((m.get("sources_because") or "").split()) or None,
            "words": [_run(w) for w in m.get("words", ())],
            "words_as_written": [_written(w) for w in m.get("words", ())],
            "staples": [phrase(w) for w in m.get("staples", ())],
            "remote": [phrase(w) for w in m.get("remote", ())]
            + [phrase(w) for r in m.get("remote_also", ()) for w in r["measures"]],
            # Each remote phrase's own reason: the market's, or its `remote_also` group's.
            "remote_why": [m.get("remote_because")] * len(m.get("remote", ()))
            + [
                " ".join(r["because"].split())
                for r in m.get("remote_also", ())
                for _ in r["measures"]
            ],
            "pass_through": tuple(m.get("pass_through", ())),
            "self_employed": bool(m.get("self_employed")),
            "supplies_people": bool(m.get("supplies_people")),
        }
        for m in data["markets"]
    ]
    # Each group's words twice: as sets for a measure's title, as runs for the contract's words
    # ("leaving care" is not "adults leaving hospital ... residential care").
    groups = [
        ([phrase(w) for w in names], [_run(w) for w in names])
        for names in (([g] if isinstance(g, str) else g) for g in data["serves"])
    ]
    needs = [
        {
            "measure": [phrase(w) for w in n["measure"]],
            "contract": [_run(w) for w in n.get("contract", ())],
            "not_with": [_run(w) for w in n.get("not_with", ())],
            "because": n.get("because"),
            "categories": tuple(n.get("categories", ())),
            "cpv": tuple(n.get("cpv", ())),
            "subject": n["subject"],
            "kind": kind["kind"],
            "says": kind.get("says"),
        }
        for kind in data["off_contract"]
        for n in kind["needs"]
    ]
    return markets, groups, needs, [phrase(w) for w in data["corporate"]]


@functools.lru_cache(maxsize=64)
def _says(text):
    """The runs of stems of a contract's words, once per contract, not once per measure."""
    return " " + " ".join(_run(text)) + " "


def _names(said, runs):
    """True when the contract's words hold any of the runs, word for word in order."""
    return any(" " + " ".join(run) + " " in said for run in runs)


def _bought(procurement):
    return _says(f"{procurement.get('title') or ''}. {procurement.get('description') or ''}")


def markets(procurement):
    """The markets a contract is in: by its CPV code's leading digits, its category, or the
    words its title or description uses for what it buys (a telecare service under an alarm
    monitoring code).

    A market known only by a CPV division that holds many markets (`division`: 79 is legal,
    marketing and security services alike) is a guess: it applies only where no market is
    known by a longer code or by the contract's words, and then `unnamed` (never said to
    bidders, and none of its `remote` blocks apply). A market with `only` is one of contracts
    of those categories (temporary accommodation bought, not a works file's tenants' decant).
    """
    cpv = _cpv(procurement)
    fits = [m for m in _loaded()[0] if not m["only"] or procurement.get("category") in m["only"]]
    # Words name a market from the title first: a passing word in the description ("mops,
    # cloths" in a cleaning-consumables file) names one only where the title names none.
    # A description's word must be the market's word as written (less a plural s), not only
    # share its stem.
    title = _says(procurement.get("title") or "")
    by_code = [
        m for m in fits if cpv and m["cpv"] and m["words"] and cpv.startswith(m["cpv"])
    ]  # a market its code and the market's own words both fit: what is bought is known
    by_title = bool(by_code) or any(m["words"] and _names(title, m["words"]) for m in fits)
    written = " " + " ".join(_written(procurement.get("description") or "")) + " "

    def named(m):
        if by_title:
            return _names(title, m["words"])
        return _names(title, m["words"]) or (
            _names(_bought(procurement), m["words"]) and _names(written, m["words_as_written"])
        )

    found = [
        m
        for m in fits
        if (cpv and m["cpv"] and cpv.startswith(m["cpv"]) and not cpv.startswith(m["not_cpv"]))
        or (m["category"] and m["category"] == procurement.get("category"))
        or (m["words"] and named(m))
    ]
    # A market that is not what its category's profile describes (electricity is coded as
    # goods, but nothing is made, packed or delivered by van) `replaces` that category's market,
    # and a market named by what is bought replaces one its code only guesses at (fuels the
    # supplier delivers, under the code for all fuels, are not grid energy).
    categories = {m["category"] for m in _loaded()[0] if m["category"]}
    named_out = {c for m in found for c in m.get("replaces", ()) if c not in categories}
    found = [m for m in found if m["name"] not in named_out]
    replaced = {c for m in found for c in m.get("replaces", ())}
    found = [m for m in found if not (m["category"] and m["category"] in replaced)]
    if any(not m["category"] for m in found):
        return found
    guessed = [m | {"unnamed": True} for m in _loaded()[0] if cpv and m["division"]]
    return found + [m for m in guessed if cpv.startswith(m["division"])]


def supplies_people(procurement):
    """True where the contract buys a supply of people (agency workers, recruitment): the
    supplier's spend with second-tier agencies is its supply chain, not its own workforce."""
    return any(m["supplies_people"] and not m.get("unnamed") for m in markets(procurement))


def physical_category(procurement):
    """The contract's category as a profile of what it physically does, or None where a market
    it is in `replaces` that category's profile (electricity bought as goods is not delivered
    by van, made or packed)."""
    category = procurement.get("category")
    if any(category in m.get("replaces", ()) for m in markets(procurement)):
        return None
    return category


def _cpv(procurement):
    return str(procurement.get("cpv_code") or "").strip()


def _title(measure):
    """The words of a measure's catalogue title, also when it is said in a market's words."""
    return phrase(measure.get("catalogue_title") or measure.get("title") or "")


# How closely a market says what the contract buys: named in its words, then the people it
# serves, then the longest CPV code prefix, then its category alone.
BY_WORDS, BY_PEOPLE = 200, 100
BY_CARRY = 300  # a staple the market's buyers ask for on every contract (`carry`)
BY_DIVISION = 1  # a market guessed from a CPV division alone (`division`): never named


def specificity(market):
    """How closely a market describes a contract it matches: the most specific leads."""
    if market.get("unnamed"):
        return BY_DIVISION
    return BY_WORDS if market["words"] else len(max(market["cpv"], key=len, default=""))


def staple(procurement, measure):
    """Return why the measure is a staple of the contract's market, or None."""
    found = staple_of(procurement, measure)
    return found[0] if found else None


def staple_of(procurement, measure):
    """Return (why the measure is a staple of the contract's market, how specific that market
    is), or None.

    A staple is what suppliers there commonly deliver (apprenticeships on works), or a measure
    for the very people the contract serves (paid work on a learning disability day service).
    The most specific market that has it as a staple is the one given.
    """
    title = _title(measure)
    found = [
        (
            "Commonly delivered by suppliers in markets under the contract's CPV division"
            if m.get("unnamed")
            else f"Commonly delivered by suppliers of {m['name']}",
            (specificity(m), -first),
        )
        for m in markets(procurement)
        for first in [next((i for i, p in enumerate(m["staples"]) if p <= title), None)]
        if first is not None
    ]
    because = carried_staple(procurement, measure)
    if because:
        found.append((because, (BY_CARRY, 0)))
    for group, runs in _loaded()[1]:
        if any(p <= title for p in group) and _names(_bought(procurement), runs):
            found.append(("It is for the people this contract serves", (BY_PEOPLE, 0)))
    return max(found, key=lambda f: f[1]) if found else None


def _entry(c):
    return {
        "category": c.get("category"),
        "cpv": tuple(c.get("cpv", ())),
        "words": [_run(w) for w in c.get("words", ())],
        "nations": tuple(c.get("nations", ())),
        "homes": bool(c.get("homes")),
        "only": tuple(c.get("only", ())),
        "measure": [phrase(w) for w in c["measure"]],
    }


@functools.cache
def _carry():
    return [
        _entry(c) | {"because": " ".join(c["because"].split())}
        for c in yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["carry"]
    ]


@functools.cache
def _homes():
    return [_run(w) for w in yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["homes"]]


def _applies(entry, procurement, measure):
    """True when a `carry` or `wording` entry applies to this contract and measure."""
    if entry["nations"] and procurement.get("nation") not in entry["nations"]:
        return False
    if entry["homes"] and not _names(_bought(procurement), _homes()):
        return False
    if entry["only"] and procurement.get("category") not in entry["only"]:
        return False
    cpv = _cpv(procurement)
    market = (
        (entry["category"] and entry["category"] == procurement.get("category"))
        or (cpv and entry["cpv"] and cpv.startswith(entry["cpv"]))
        or (entry["words"] and _names(_bought(procurement), entry["words"]))
    )
    return bool(market) and any(p <= _title(measure) for p in entry["measure"])


def carried_staple(procurement, measure):
    """Return why the contract's market always carries the measure (`carry` in sectors.yaml),
    or None: local spend on works in Scotland, tenant energy advice on a retrofit."""
    found = next((e for e in _carry() if _applies(e, procurement, measure)), None)
    return found["because"] if found else None


SAID = ("title", "unit", "description", "counting_notes")  # what a `wording` entry may say


@functools.cache
def _wording():
    return [
        _entry(w)
        | {k: " ".join(str(w[k]).split()) for k in SAID if k in w}
        | {
            "one_off": bool(w.get("one_off")),
            "shifts": w.get("shifts", True),
            "officer": " ".join(str(w.get("officer") or "").split()),
        }
        for w in yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["wording"]
    ]


def worded(procurement, measure):
    """The measure as the contract's market says it (`wording` in sectors.yaml): the furniture
    a refit removes, not "materials, furniture, equipment or building components". A copy, in
    the same sizing family as the catalogue's (a test holds every entry to that)."""
    found = next((w for w in _wording() if _applies(w, procurement, measure)), None)
    if not found:
        return measure
    said = {k: found[k] for k in SAID if k in found}
    return (
        measure
        | said
        | {
            "one_off": found["one_off"],
            "catalogue_title": measure["title"],
            # Whether the people it covers work shifts or visits (no: carers paid allowances), and
            # why the market words it so, for the officer's checks only.
            "shifts": found["shifts"],
            "market_note": found["officer"],
        }
    )


def why_here(procurement, measure):
    """Why the measure matters on this contract when no council priority is linked to it, in
    words about the contract itself: the reason its market always carries it, or that it is for
    the people the contract serves; or None.

    That suppliers in its market commonly deliver it is the tool's reason for choosing it, told
    to the officer (the log's choosing order), never a reason given to bidders (FINDINGS-16).
    """
    carried = carried_staple(procurement, measure)
    if carried:
        return carried
    found = staple_of(procurement, measure)
    return found[0] if found and found[1][0] == BY_PEOPLE else None


def passed_on(procurement):
    """The costs a supplier in the contract's markets commonly passes on to the council at cost
    with no margin ("postage" in print and mail), said as examples where a rate leaves them
    out; '' where its markets name none (no "postage or energy" on school transport)."""
    found = [c for m in markets(procurement) for c in m["pass_through"]]
    return wording.any_of(list(dict.fromkeys(found))) if found else ""


def is_carried(staple_rank):
    """True when a staple's rank (staple_of) says its market always carries it."""
    return staple_rank[0] == BY_CARRY


@functools.cache
def _lots_cannot():
    return [
        ([_run(w) for w in r["lot"]], [phrase(w) for w in r["measure"]], r["because"])
        for r in yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["lots_cannot"]
    ]


def lot_cannot(lot_title, measure):
    """Return why a lot's own work cannot deliver the measure (`lots_cannot`), or None."""
    said, title = _says(lot_title or ""), _title(measure)
    for lots, measures, because in _lots_cannot():
        if _names(said, lots) and any(p <= title for p in measures):
            return because
    return None


@functools.cache
def _carried():
    return [
        ([_run(w) for w in c["asks"]], [phrase(w) for w in c["measure"]])
        for c in yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["carried"]
    ]


# A market name's last word that names no market of its own ("construction works"), and the
# parts of names too broad to say a priority is about the market ("school" of school transport:
# "every young person leaving school" is not about the buses).
_NAME_TAIL = {"works", "services", "service", "equipment", "systems", "goods"}
_NAME_BROAD = {"school", "children", "health", "care", "goods", "other", "general"}


@functools.cache
def _name_runs(name):
    """The runs of stems a market's name says it by: each part of the name between commas,
    'and' or 'for', without a generic last word ('construction works' is said 'construction')."""
    runs = []
    for part in re.split(r",|\band\b|\bfor\b", name.lower()):
        said = part.split()
        if said and said[-1] in _NAME_TAIL:
            said = said[:-1]
        if said and " ".join(said) not in _NAME_BROAD:
            runs.append(_run(" ".join(said)))
    return tuple(runs)


def named_by(procurement, priority):
    """True when a council priority's title names the contract's market, by the market's name or
    the words a contract uses for it ("apprenticeships on the council's construction and
    regeneration programme" on a building contract): an outcome several priorities accept is
    credited to the one about this contract's setting before one about another (relevance.rank).
    A market guessed from a CPV division alone is never the contract's known market."""
    if not priority:
        return False
    said = _says(priority.get("title") or "")
    return any(
        _names(said, list(_name_runs(m["name"])) + m["words"])
        for m in markets(procurement)
        if not m.get("unnamed")
    )


def asks_for(priority, measure):
    """True when a priority asks, by name, for what the measure is (`carried` in sectors.yaml):
    "pay at least the Real Living Wage" asks for the real Living Wage condition."""
    said = _says(f"{priority.get('title') or ''}. {priority.get('description') or ''}")
    title = _title(measure)
    return any(_names(said, asks) and any(p <= title for p in named) for asks, named in _carried())


@functools.cache
def _not_employed(key):
    """(words, measures, because) of a block naming people who do the work without being the
    supplier's employees: `self_employed` or `approved_carers`."""
    block = yaml.safe_load(SECTORS.read_text(encoding="utf-8"))[key]
    return (
        [_run(w) for w in block["words"]],
        [phrase(w) for w in block["measures"]],
        " ".join(block["because"].split()),
    )


def self_employed(procurement):
    """Return what says the contract's workforce is mostly self-employed and paid by the job (its
    market, or its own words), or None."""
    words, _, _ = _not_employed("self_employed")
    if _names(_bought(procurement), words):
        return "the contract's description"
    for market in markets(procurement):
        if market.get("self_employed") and not market.get("unnamed"):
            return market["name"]
    return None


def approved_carers(procurement):
    """True when the contract's words say its care is given by carers the supplier approves,
    not employs (foster carers, Shared Lives carers), paid allowances and fees."""
    words, _, _ = _not_employed("approved_carers")
    return _names(_bought(procurement), words)


def _stated_count(procurement, pattern):
    """The largest number the description states with `pattern` (its group 1), or 0."""
    said = " ".join((procurement.get("description") or "").split())
    found = [int(m.group(1).replace(",", "")) for m in re.finditer(pattern, said, re.I)]
    return max(found, default=0)


def mentions_volunteers(procurement):
    """True when the contract's words name volunteers."""
    return _names(_bought(procurement), [_run("volunteers")])


def volunteer_led(procurement, paid_fte=None):
    """True when the contract's service is delivered mostly by volunteers: its words say so, or
    its description states more volunteers than `paid_fte` (the paid workforce, in FTE)."""
    block = _block("volunteers")
    if _names(_bought(procurement), [_run(w) for w in block["words"]]):
        return True
    count = _stated_count(procurement, block["count"])
    return bool(count and paid_fte is not None and count > paid_fte)


def _paid_fte(procurement):
    """The paid workforce in FTE the procurement gives or its description states, or None."""
    if procurement.get("workforce_fte"):
        return float(procurement["workforce_fte"])
    said = procurement.get("description") or ""
    found = [float(m.group(1)) for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(?:FTE|WTE)\b", said)]
    return max(found, default=None)


def casual_workforce(procurement):
    """Return (the words saying the work is done by casual or seasonal staff, the headcount the
    description states for them or None), or None when it says neither."""
    block = _block("casual")
    said = _bought(procurement)
    words = next((w for w in block["words"] if _names(said, [_run(w)])), None)
    count = _stated_count(procurement, block["count"])
    if not words and not count:
        return None
    return words or "casual or seasonal staff", count or None


def casual_figures():
    """(Paid hours a casual or seasonal worker gives the contract a year, the share of them
    recruited afresh each year)."""
    block = _block("casual")
    return block["hours_per_person"]["value"], block["turnover"]["value"]


def _unhosted(procurement, title):
    """Why a student placement has no host on this contract (`unhosted` in sectors.yaml): its
    people are mostly self-employed, or visit people who may lack capacity on their own; else
    None."""
    block = _block("unhosted")
    if not any(phrase(w) <= title for w in block["measures"]):
        return None
    source = self_employed(procurement)
    if source:
        on = "As the contract's description says" if "description" in source else f"On {source}"
        return f"{on}, {' '.join(block['because_self_employed'].split())}"
    said = _bought(procurement)
    alone = _names(said, [_run(w) for w in block["alone"]])
    if alone and _names(said, [_run(w) for w in block["capacity"]]):
        return f"As the contract's description says, {' '.join(block['because_alone'].split())}"
    return None


@functools.cache
def _block(key):
    return yaml.safe_load(SECTORS.read_text(encoding="utf-8"))[key]


@functools.cache
def _regulated():
    return [
        {
            "trade": r["trade"],
            "words": [_run(w) for w in r["words"]],
            "requires": " ".join(r["requires"].split()),
            "route": " ".join(r["route"].split()),
            "open_share": r["open_share"]["value"],
            "remote": [phrase(w) for w in r.get("remote", ())],
            "because": " ".join(str(r.get("remote_because") or "").split()),
        }
        for r in yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["regulated"]
    ]


def regulated(procurement):
    """Return the regulated trade the contract's title says its work is (gas work, SIA guarding,
    UKAS analysis: `regulated` in sectors.yaml), or None: only qualified or registered people
    may do it, so new entrants start in trainee, support or apprentice roles.

    By the title alone: a description naming such staff among others ("cleaning and security,
    40 of them security officers") is a mixed workforce, most of whose roles are open to anyone.
    """
    said = _says(procurement.get("title") or "")
    return next((r for r in _regulated() if _names(said, r["words"])), None)


def not_employed(procurement, measure):
    """Return why a measure about terms of employment has nothing to apply to on this contract
    (its people are self-employed or sessional, approved carers, or mostly volunteers), or None."""
    found = remote(procurement, measure)
    blocks = [_block(k)["because"] for k in ("self_employed", "approved_carers", "volunteers")]
    return found if found and any(" ".join(b.split()) in found for b in blocks) else None


def remote(procurement, measure):
    """Return why the measure is not this contract's to deliver, or None.

    Suppliers in its market can barely deliver it; or it is delivered off the contract (work to
    property or places, a community activity, a service to residents) and goes only with a
    contract about its subject, which this one is not, nor is it its market's staple, or the
    contract names what rules it out (a hostel's residents hold no energy bills); or it is
    about the supplier's whole business, which an award criterion may not be.
    """
    title = _title(measure)
    _, terms, because = _not_employed("self_employed")
    if any(p <= title for p in terms):
        source = self_employed(procurement)
        if source:
            on = "As the contract's description says" if "description" in source else f"On {source}"
            return f"{on}, {because}"
    _, terms, because = _not_employed("approved_carers")
    if any(p <= title for p in terms) and approved_carers(procurement):
        return f"As the contract's description says, {because}"
    unhosted = _unhosted(procurement, title)
    if unhosted:
        return unhosted
    block = _block("volunteers")
    terms = [phrase(w) for w in block["measures"]]
    if any(p <= title for p in terms) and volunteer_led(procurement, _paid_fte(procurement)):
        return f"As the contract's description says, {' '.join(block['because'].split())}"
    trade = regulated(procurement)
    if trade and trade["because"] and any(p <= title for p in trade["remote"]):
        return f"On {trade['trade']}, {trade['because']}"
    for market in markets(procurement):
        if market.get("unnamed"):
            continue  # a market guessed from a CPV division blocks nothing
        whys = zip(market["remote"], market["remote_why"], strict=True)
        found = [why for p, why in whys if p <= title]
        if found and found[0]:
            return f"On {market['name']}, {found[0]}"
        if found:
            return (
                f"Suppliers of {market['name']} can do little to deliver it through this contract"
            )
    setting = _setting(procurement, title) or _designed_elsewhere(procurement, title)
    if setting:
        return setting
    _, _, needs, corporate = _loaded()
    bought = _bought(procurement)
    for need in needs:
        if not any(p <= title for p in need["measure"]):
            continue
        if _names(bought, need["not_with"]):
            return f"It is {need['kind']} off the contract, and {need['because']}"
        cpv = str(procurement.get("cpv_code") or "").strip()
        met = (
            procurement.get("category") in need["categories"]
            or bool(cpv and need["cpv"] and cpv.startswith(need["cpv"]))
            or _names(bought, need["contract"])
        )
        if not met and not staple(procurement, measure):
            if need["says"]:
                return need["says"].format(subject=need["subject"])
            return (
                f"It is {need['kind']} off the contract, which goes with {need['subject']};"
                " this contract does not buy that"
            )
    if any(p <= title for p in corporate):
        return (
            "It is about the supplier's whole business, not this contract, which an award"
            " criterion must relate to (Procurement Act 2023 s.23): ask for it at selection or"
            " as a condition instead"
        )
    # Every lot's own work rules it out (surveys, removal and demolition lots design and build
    # nothing whose embodied carbon a bidder could cut: FINDINGS-14c D1).
    lots = [lot.get("title") or "" for lot in procurement.get("lots") or []]
    unable = [lot_cannot(t, measure) for t in lots]
    if lots and all(unable):
        return f"No lot's own work can deliver it: {unable[0]}"
    return None


def _any(words):
    """A pattern matching any of the words, whole; a list within the list (a YAML alias of
    another entry's words) is read as its words."""
    flat = [w for item in words for w in ([item] if isinstance(item, str) else item)]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, flat)) + r")\b", re.I)


@functools.cache
def _design_rule():
    data = yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["designed_elsewhere"]
    words = re.compile("|".join(data["words"]), re.I)
    return words, [phrase(w) for w in data["measures"]], " ".join(data["because"].split())


def _designed_elsewhere(procurement, title):
    """Why a cut against a baseline design is not the contractor's, where the contract says
    others design the work (`designed_elsewhere` in sectors.yaml), or None."""
    words, measures, because = _design_rule()
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    if any(p <= title for p in measures) and words.search(said):
        return f"As the contract's description says, {because}"
    return None


@functools.cache
def _guarded():
    data = yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["guarded"]
    return [(g["place"], _any(g["words"])) for g in data]


def guarded(procurement):
    """The settings the contract's people work in where safeguarding governs who may enter
    (people's homes, custody, school sites in term time), as the text names them; [] if none."""
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    return [place for place, words in _guarded() if words.search(said)]


@functools.cache
def _settings():
    return [
        {
            "only": tuple(t.get("only", ())),
            "where": _any(t["where"]) if t.get("where") else None,
            "with": _any(t["with"]) if t.get("with") else None,
            "schools": t.get("schools"),
            "share": t.get("share"),
            "measures": [phrase(w) for w in t["measures"]],
            "because": " ".join(t["because"].split()),
        }
        for t in yaml.safe_load(SECTORS.read_text(encoding="utf-8"))["settings"]
    ]


# Numbers as a description may write them ("the two secondary schools").
NUMBERS = {
    w: n
    for n, w in enumerate(
        ["one", "two", "three", "four", "five", "six"]
        + ["seven", "eight", "nine", "ten", "eleven", "twelve"],
        start=1,
    )
}


def _schools(said, kinds):
    """How many schools of these kinds the words count: the number before a kind ("11 primary
    schools", "the two secondary schools"), or one where a kind is named with no number."""
    kind = "|".join(map(re.escape, kinds))
    counted = re.findall(
        rf"\b(\d+|{'|'.join(NUMBERS)})\s+(?:[\w-]+\s+){{0,2}}?(?:{kind})\b", said, re.I
    )
    if counted:
        return sum(int(n) if n.isdigit() else NUMBERS[n.lower()] for n in counted)
    return int(bool(re.search(rf"\b(?:{kind})\s+(?:schools?|classes|pupils)\b", said, re.I)))


def _setting(procurement, title):
    """Why the contract's setting cannot host what the measure places in it (`settings` in
    sectors.yaml: students placed in a clinic for young people, careers talks in primary
    schools), or None."""
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    for setting in _settings():
        if setting["only"] and procurement.get("category") not in setting["only"]:
            continue
        if not any(p <= title for p in setting["measures"]):
            continue
        if setting["where"] and not (
            setting["where"].search(said) and (not setting["with"] or setting["with"].search(said))
        ):
            continue
        if setting["schools"]:
            young = _schools(said, setting["schools"]["young"])
            older = _schools(said, setting["schools"]["older"])
            if not young or young < setting["share"] * (young + older):
                continue
        return f"In this setting, {setting['because']}"
    return None
