"""Where a contract's own emissions come from (vehicles, plant, deliveries, buildings it runs),
from `emission_sources` in data/deliverables.yaml: an emissions outcome fits only a source the
contract has, so an office-based service is not asked to cut its fleet's nitrogen oxides."""

import functools
import re
from pathlib import Path

import yaml

from specifier import wording
from specifier.matching.text import phrase
from specifier.specification import legal, sectors

DELIVERABLES = Path(__file__).resolve().parent.parent / "data" / "deliverables.yaml"


def _any(words, flags=re.I):
    """A pattern matching any of the words or phrases, whole."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", flags)


@functools.cache
def _rules():
    data = yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))["emission_sources"]
    sources = [
        {
            "name": s["name"],
            "categories": tuple(s.get("categories", ())),
            "staples": [phrase(w) for w in s.get("staples", ())],
            "words": _any(s["words"]) if s.get("words") else None,
            "service_words": _any(s.get("service_words", ())) if s.get("service_words") else None,
            "crews": _any(s["crews"]) if s.get("crews") else None,
            "on_site": _any(s["on_site"]) if s.get("on_site") else None,
        }
        for s in data["sources"]
    ]
    needs = [([phrase(w) for w in n["measure"]], tuple(n["sources"])) for n in data["needs"]]
    return sources, needs, [phrase(w) for w in data["own"]], tuple(data["own_sources"])


@functools.cache
def _levels():
    data = yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))["emission_sources"]
    return [
        ([phrase(w) for w in pair["cut"]], [phrase(w) for w in pair["level"]], set(pair["where"]))
        for pair in data["levels"]
    ]


def level_instead(procurement, measure, others):
    """The first of `others` (measures the contract can carry) that is a share with fixed
    points serving the same aim as this cut (`levels`), or None: a bidder new to the work has
    no baseline to cut from, but every bidder can state a share of its fleet or plant."""
    title = _title(measure)
    for cuts, levels, on in _levels():
        if not any(w <= title for w in cuts) or not on & set(sources(procurement)):
            continue
        for level in levels:
            found = next((m for m in others if level <= _title(m)), None)
            if found is not None:
                return found
    return None


def _title(measure):
    return phrase(measure.get("catalogue_title") or measure.get("title") or "")


@functools.cache
def _subject():
    data = yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))["emission_sources"]["subject"]
    gap = r"(?:(?!(?:" + "|".join(map(re.escape, data["between_not"])) + r")\b)[\w'’£-]+,?\s+)"
    council = r"(?:(?:The|This|Our)\s+)?(?:[A-Z][\w'’-]*\s+(?:and\s+)?){0,5}?[Cc]ouncil\b(?!['’]s)"
    holds = r"(?:also\s+|currently\s+|already\s+)?" + _any(data["holds"], 0).pattern
    return {
        # Within six words; or anywhere in a sentence that opens with it ("Insurance of the
        # council's buildings, ... and of its fleet"), short of a word in `between_not`.
        "about": re.compile(
            rf"{_any(data['about']).pattern}\s+{gap}{{0,6}}$|^{_any(data['about']).pattern}\s+{gap}*$",
            re.I,
        ),
        "whose": re.compile(r"^\s+(?:[\w'’-]+\s+){0,3}?" + _any(data["whose"]).pattern, re.I),
        "council": re.compile(r"^(?:" + council + r"|We\b)"),
        "holder": re.compile(r"^(?:" + council + r"|We|It)\s+" + holds),
        "own_travel": re.compile(_any(data["own_travel"]).pattern + r"\s+$", re.I),
    }


def _sentences(text):
    """Each sentence of the text with whether it says what the council itself holds (its
    subject the council, or "It" just after a sentence about the council, and its verb one of
    `holds`): its vehicles and buildings are then the council's, not the supplier's."""
    rules, about_council = _subject(), False
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        it = sentence.startswith("It ") and about_council
        holder = bool(rules["holder"].match(sentence)) and (it or not sentence.startswith("It "))
        about_council = bool(rules["council"].match(sentence)) or it
        yield sentence, holder


def _own(pattern, text):
    """True when the pattern finds a word in the text for something the supplier runs, not one
    the contract is about (insured, leased, supplied, maintained, cleaned) or the council's."""
    if pattern is None:
        return False
    rules = _subject()
    for sentence, holder in _sentences(text):
        if holder:
            continue
        for found in pattern.finditer(sentence):
            if not (
                rules["about"].search(sentence[: found.start()])
                or rules["whose"].match(sentence[found.end() :])
                or rules["own_travel"].search(sentence[: found.start()])
            ):
                return True
    return False


def _said(procurement):
    return f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"


def _named(source, procurement, named):
    """True when `named(pattern, text)` finds the source's words in the contract's (on a supply
    of goods, not those of a service's own vehicles: those are the goods' deliveries)."""
    goods = sectors.physical_category(procurement) == "goods"
    said = _said(procurement)
    return (
        named(source["words"], said)
        or (not goods and named(source["service_words"], said))
        or bool(
            source["on_site"] and source["on_site"].search(said) and named(source["crews"], said)
        )
    )


def sources(procurement):
    """The names of the emission sources the contract has, by its category, its markets'
    staples or its own words, where those name what the supplier itself runs: not what the
    contract insures, supplies or maintains, nor what the council runs."""
    found = [m for m in sectors.markets(procurement) if not m.get("unnamed")]
    told = [m["sources"] for m in found if m.get("sources") is not None]
    if told:  # the market says what the supplier runs on the contract
        return [s["name"] for s in _rules()[0] if any(s["name"] in t for t in told)]
    staples = [p for m in found for p in m["staples"]]
    return [
        s["name"]
        for s in _rules()[0]
        if sectors.physical_category(procurement) in s["categories"]
        or any(p in staples for p in s["staples"])
        or _named(s, procurement, _own)
    ]


def _about(procurement):
    """The sources the contract's words name only as what it is about or as the council's."""
    return [
        s["name"]
        for s in _rules()[0]
        if _named(s, procurement, lambda p, text: bool(p and p.search(text)))
        and not _named(s, procurement, _own)
    ]


def missing(procurement, measure):
    """Why the measure counts emissions from a source the contract does not have, or None."""
    title = _title(measure)
    need = next((n for words, n in _rules()[1] if any(w <= title for w in words)), None)
    has = set(sources(procurement))
    if need is None or set(need) & has:
        return None
    why = (
        f"It counts the emissions of {wording.any_of(list(need))} the supplier runs, and"
        " nothing in this contract's market or description says it runs any"
    )
    told = [m for m in sectors.markets(procurement) if m.get("sources_because")]
    if told:
        why += f": on {told[0]['name']}, {told[0]['sources_because']}"
    elif "travel" in has and not has & {"vehicles", "staff travel"}:
        why += (
            ": its words say the service travels (call-outs, collections, transport), not whose"
            " vehicles make the trips, and people's own cars or volunteers' journeys are no"
            " fleet the supplier can change"
        )
    elif set(need) & set(_about(procurement)):
        why += (
            f": the {wording.any_of(list(need))} it names are what the contract is about"
            " (insured, supplied or looked after) or the council's own"
        )
    elif "deliveries" in has:
        why += (
            ": a supplier of goods delivers them through carriers it does not run, and the"
            " delivery emissions outcome counts those deliveries"
        )
    return why


@functools.cache
def _business_travel():
    data = yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))["emission_sources"]
    data = data["business_travel"]
    said = [
        {k: " ".join(str(v).split()) for k, v in w.items() if k != "measure"}
        | {"measure": [phrase(m) for m in w["measure"]]}
        for w in data["wording"]
    ]
    return set(data["where"]), set(data["not_with"]), said


def travels(procurement):
    """True when the contract's emissions are its business journeys: the work travels (staff
    visit, the service calls out) and the supplier runs no fleet, plant or buildings for it."""
    where, not_with, _ = _business_travel()
    has = set(sources(procurement))
    return bool(has & where) and not has & not_with


def worded(procurement, measure):
    """The measure as a contract that travels needs it (`business_travel`): its own emissions
    and zero-emission miles counted on the business journeys, in cars the people doing the work
    own or hire too, from mileage records. A copy; the measure itself where it does not apply."""
    title = _title(measure)
    found = next((w for w in _business_travel()[2] if any(m <= title for m in w["measure"])), None)
    if found is None or not travels(procurement):
        return measure
    said = {k: v for k, v in found.items() if k != "measure"}
    return measure | said | {"catalogue_title": measure.get("catalogue_title") or measure["title"]}


@functools.cache
def _heavy():
    data = yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))["emission_sources"]["heavy"]
    return {
        "words": _any(data["words"]),
        "cpv": tuple(data["cpv"]),
        "measures": [phrase(w) for w in data["measures"]],
        "higher_score": " ".join(data["higher_score"].split()),
        "why": " ".join(data["why"].split()),
    }


def _lot_titles(procurement):
    return [
        (lot.get("title") if isinstance(lot, dict) else str(lot)) or ""
        for lot in procurement.get("lots") or ()
    ]


def heavy_lots(procurement):
    """The titles of the lots whose vehicles are heavy or specialist (`heavy`), where some
    lots name them and others do not; [] where the contract is heavy or light as a whole."""
    if "vehicles" not in sources(procurement):
        return []
    titles = _lot_titles(procurement)
    found = [t for t in titles if _heavy()["words"].search(t)]
    return found if 0 < len(found) < len(titles) else []


def heavy(procurement):
    """True when the vehicles the whole contract runs are heavy or specialist (`heavy`): by
    its words, its lots' titles, or its CPV code; lots that differ are `heavy_lots`."""
    if "vehicles" not in sources(procurement) or heavy_lots(procurement):
        return False
    rules, cpv = _heavy(), (procurement.get("cpv_code") or "").strip()
    said = " ".join([_said(procurement), *_lot_titles(procurement)])
    return bool((cpv and cpv.startswith(rules["cpv"])) or rules["words"].search(said))


def heavy_why():
    """Why a heavy or specialist fleet's share is judged on its plan, for bidders."""
    return _heavy()["why"]


def fleet_worded(procurement, measure):
    """The fleet share with what earns a higher score on heavy or specialist vehicles: a dated
    transition plan and fewer, fuller, shorter trips (`heavy`). A copy, or the measure."""
    rules = _heavy()
    if not (heavy(procurement) or heavy_lots(procurement)):
        return measure
    share = re.search(r"\bfleet\b", measure.get("unit") or "")
    if not share or not any(w <= _title(measure) for w in rules["measures"]):
        return measure
    return measure | {"higher_score": rules["higher_score"]}


def own_small(procurement, measure):
    """Why a measured cut in the supplier's own emissions (scopes 1 and 2) is a weak use of a
    scored slot on this contract, or None: it runs no vehicles, plant or buildings for it, and
    its work does not travel (`own_sources`)."""
    _, _, own, own_sources = _rules()
    if sectors.physical_category(procurement) in ("goods", "works") or not any(
        w <= _title(measure) for w in own
    ):
        return None
    if set(own_sources) & set(sources(procurement)):
        return None
    return (
        "Its own emissions on this contract are small, as it runs no vehicles, plant or"
        " buildings for it and its work does not travel: a measured cut is a weak use of a scored outcome, which the"
        " council's people or community priorities use better (ask for a carbon reduction"
        " plan as a condition instead)"
    )


@functools.cache
def _scale():
    data = yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))["emission_sources"]["scale"]
    chain, light = data["supply_chain"], data["light_deliveries"]
    return (
        [phrase(w) for w in chain["measure"]],
        chain["from_yearly_gbp"],
        [phrase(w) for w in light["measure"]],
        tuple(light["cpv"]),
        _any(light["words"]),
    )


def _yearly_gross(procurement):
    """The contract's value a year, including VAT, or None where its value or length is not
    given."""
    value, months = procurement.get("value_gbp"), procurement.get("duration_months")
    if not value or not months:
        return None
    gross = value if procurement.get("value_includes_vat") else value * (1 + legal.VAT_RATE)
    return gross * 12 / months


def out_of_scale(procurement, measure):
    """Why a measured cut in tonnes is out of scale with the emissions this contract can move,
    or None (`scale` in deliverables.yaml): a supply chain cut on a contract below PPN 006's
    yearly value, or a delivery cut on goods worth much for their weight."""
    chain, floor, delivery, light_cpv, light_words = _scale()
    title = _title(measure)
    yearly = _yearly_gross(procurement)
    if any(w <= title for w in chain) and yearly is not None and yearly < floor:
        return (
            "It asks for a measured cut in supply chain (scope 3) emissions, which needs a scope"
            " 3 baseline that central government asks suppliers for only on contracts above"
            f" £{floor:,.0f} a year including VAT (PPN 006, February 2025); at about"
            f" £{yearly:,.0f} a year this contract is below that, so a people or local"
            " outcome, or one the contract's own vehicles, plant or buildings can move, uses"
            " the slot better"
        )
    cpv = (procurement.get("cpv_code") or "").strip()
    light = (cpv and cpv.startswith(light_cpv)) or (
        sectors.physical_category(procurement) == "goods" and light_words.search(_said(procurement))
    )
    if any(w <= title for w in delivery) and light:
        return (
            "It counts a cut in the emissions of handling and delivering the goods, and the"
            " goods are worth much for their weight and come in few boxed deliveries, so those"
            " emissions are a few tonnes over the contract, a small part of the goods'"
            " footprint: how the goods are made and what happens to them after use (supply"
            " chain, reuse) matter more"
        )
    return None
