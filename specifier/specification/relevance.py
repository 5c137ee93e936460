"""Which of the council's priorities and measures fit this contract, ranked with reasons."""

import collections
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import yaml

from specifier import wording
from specifier.matching import glossary
from specifier.matching.ranking import NOT_WORTH_SHOWING
from specifier.matching.text import STOP_WORDS, WORD, phrase, stem, stems, words
from specifier.specification import (
    aims,
    counting,
    emissions,
    goods,
    legal,
    proportionality,
    sectors,
    subjects,
)
from specifier.themes import theme_key

DELIVERABLES = Path(__file__).resolve().parent.parent / "data" / "deliverables.yaml"

# How much each signal counts; cosines are raw (about 0.1 unrelated to 0.7 near-identical).
W_CONTRACT_MEASURE = 0.45
W_CONTRACT_PRIORITY = 0.25
W_PRIORITY_MEASURE = 0.2
ACCEPTED_BONUS = 0.15
P_M_ACCEPTED = 0.5  # an accepted pair's priority-measure closeness: typical, not its own cosine
IMPORTANCE_BONUS = {"high": 0.06, "medium": 0.03, "low": 0.0}
CATEGORY_PENALTY = 0.25
CLOSE = 0.3  # contract-measure cosine worth mentioning as a reason
# Jobs, skills and fair work count the people who deliver the contract: how many it employs says
# more about what it can deliver than its wording does. Added in proportion to the workforce the
# rules work out (proportionality.workforce), in full from WORKFORCE_FULL FTE; goods contracts'
# workers are the maker's, so nothing is added for them.
WORKFORCE_THEMES = {"jobs", "skills", "fair-work"}
W_WORKFORCE = 0.15
WORKFORCE_FULL = 20
# A market's staples (data/sectors.yaml) are what its suppliers credibly deliver, which wording
# alone does not show; what they can barely influence is ranked down and never chosen for them.
W_STAPLE = 0.1
W_REMOTE = 0.15
# A measure this contract can carry only as a token (fewer than one a year: no minimum), or
# that counts firms holding a standing of the whole firm (firm_status in deliverables.yaml),
# ranks below those with a real minimum, as an officer would weigh them, and is never chosen
# while one of those fits (see choose).
W_TOKEN = 0.15
# A token below one in all (proportionality.Suggestion.under_one) accepts 0 and is scored on
# its quality alone, so it binds no bidder.
UNDER_ONE = "On this contract it comes to less than one in all, a token rather than a minimum"


@dataclass
class Candidate:
    """A measure that could become a prescribed outcome, with the priority it is credited to.

    `priority` is set only when the council accepted the measure for that priority (or it was
    chosen for one before): a measure is never credited to a priority by theme alone.
    `theme_priority` is a priority of the same theme, offered to the commissioner to choose.
    """

    measure: dict
    priority: dict | None
    accepted: bool
    score: float = 0.0
    category_fit: bool = True
    reasons: list = field(default_factory=list)
    theme_priority: dict | None = None
    own_scope: "OwnScope | None" = None  # what the contract itself delivers, when it counts that
    trade: str | None = None  # a trade its priority asks skills in that this contract is not in
    unlawful: bool = False  # the law forbids a contract to require it (see `unlawful`)
    staple: str | None = None  # why suppliers in the contract's market commonly deliver it
    staple_rank: tuple = (0, 0)  # its rank among the market's staples (sectors.staple_of)
    remote: str | None = None  # why suppliers in the contract's market can barely deliver it
    # Scotland's Fair Work First question already scores it, or (the real Living Wage, where the
    # question is not asked) Scottish guidance leaves requiring it to the council's findings
    fair_work_first: bool = False
    token: str | None = None  # why this contract can carry it only as a token (see W_TOKEN)
    asked: bool = False  # a condition a council priority asks for by name (see `carried`)
    # (priority, trade) for each accepted priority it is not credited to, as it asks for skills
    # in a trade this contract's work is not in: credited to another it serves instead
    not_credited: list = field(default_factory=list)
    credit: tuple = ()  # how well the priority credited fits the contract (relevance.rank)
    named: bool = False  # the priority it is credited to names what it counts (see names_measure)
    credited_by: str | None = None  # why a chosen outcome no one accepted serves its priority
    extends: str | None = None  # why the contract's own scope leads to it (see `extends`)
    # what it counts within its aim on this contract (subjects.counts); None: read from its title
    subjects: dict | None = None
    site: str | None = None  # where the contract works (its title and description), if known
    # (priority, why) for a priority it shares an aim with but does not serve (subjects.outside)
    not_served: list = field(default_factory=list)

    @property
    def code(self):
        return self.measure["code"]

    @property
    def suitable(self):
        """True when the measure suits the contract and counts more than the contract delivers.

        Only a suitable measure is chosen automatically; an officer may still choose another.
        """
        return (
            self.category_fit
            and self.own_scope is None
            and self.trade is None
            and not self.unlawful
            and self.remote is None
            and not self.fair_work_first
        )


@dataclass(frozen=True)
class OwnScope:
    """A measure that counts what the contract itself delivers, and why we think so."""

    subject: str  # what both count: "flood protection for homes and businesses"
    kind: str  # 'output' (what the contract produces) or 'practice' (how its work is done)
    because: str  # what says so: "its description speaks of flood", "its CPV code 45246400"
    beyond: bool  # the measure's own wording counts only what goes beyond the contract's scope


@functools.cache
def _rules_file():
    return yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))


@functools.cache
def _deliverables():
    loaded = _rules_file()
    subjects = [
        {
            **subject,
            "measure": [phrase(w) for w in subject["measure"]],
            "contract": [(w, phrase(w)) for w in subject["contract"]],
        }
        for subject in loaded["subjects"]
    ]
    beyond = re.compile("|".join(re.escape(w) for w in loaded["beyond"]), re.IGNORECASE)
    return subjects, beyond


@functools.cache
def _extends():
    def words(ws):
        return re.compile(r"\b(?:" + "|".join(map(re.escape, ws)) + r")\b", re.I) if ws else None

    return [
        (words(e["does"]), words(e.get("of")), [phrase(w) for w in e["measure"]], e["because"])
        for e in _rules_file()["extends"]
    ]


def extends(procurement, measure):
    """Why the contract's own scope already does what the measure counts more of (`extends` in
    data/deliverables.yaml: old devices taken back, some of which can be given to residents who
    are offline), or None: such an accepted outcome is chosen first."""
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    sentences = re.split(r"(?<=[.!?])\s+", said)
    title = _measure_title(measure)
    for does, of, measures, because in _extends():
        if any(p <= title for p in measures) and any(
            does.search(s) and (of is None or of.search(s)) for s in sentences
        ):
            return " ".join(because.split())
    return None


@functools.cache
def _fit_rules():
    """The own-work units, and the words that say a measure ignores place or a priority asks it."""
    loaded = _rules_file()

    def either(found):
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in found) + r")\b", re.I)

    return (
        loaded["own_work"],
        either(loaded["place_free"]),
        either(loaded["local_asks"]),
        either(loaded["denied_promises"]),
    )


def _own_work(measure):
    """Return OwnScope when the measure's unit is a share of the contract's own work, else None."""
    unit = (measure.get("unit") or "").lower()
    for entry in _fit_rules()[0]:
        if unit.startswith(entry["unit"]):
            because = f"its unit, {measure['unit']}, is a share of the contract's own work"
            return OwnScope(entry["subject"], "practice", because, False)
    return None


def promise_denied(priority):
    """Return the sentence of a priority's description that promises what the specification denies.

    Such as jobs "offered first to young people from these wards", where the specification says
    the council is not asking for jobs to be reserved. None when there is none.
    """
    denied = _fit_rules()[3]
    for sentence in re.split(r"(?<=[.;])\s+", (priority or {}).get("description") or ""):
        if denied.search(sentence):
            return sentence.strip()
    return None


@functools.cache
def _defined_promises():
    """(pattern joined to the words before it, pattern alone, the words that define it), each rule."""
    found = []
    for rule in _rules_file().get("defined_promises") or ():
        promises = sorted(rule["promise"], key=len, reverse=True)
        promise = "(?:" + "|".join(re.escape(p) for p in promises) + r")\b"
        joined = r",?\s+(?:with|and|on|offering|giving)\s+(?:a\s+|the\s+)?" + promise
        words = tuple(word.lower() for word in rule["defined_by"])
        found.append((re.compile(joined, re.I), re.compile(promise, re.I), words))
    return tuple(found)


def without_undefined_promises(description, defining_texts):
    """Return a priority's description without promises no chosen outcome defines.

    `defining_texts` are the chosen outcomes' and conditions' titles and units. A promise such as
    "secure, predictable hours" (defined_promises in deliverables.yaml) stays only where one of
    them defines it; otherwise it is cut with the words joining it ("..., with secure,
    predictable hours."), or its sentence goes where it cannot be cut cleanly.
    """
    text = description or ""
    defining = " ".join(defining_texts).lower()
    for joined, promise, defined_by in _defined_promises():
        if any(word in defining for word in defined_by):
            continue
        text = joined.sub("", text)
        if promise.search(text):
            sentences = re.split(r"(?<=[.;!?])\s+", text)
            text = " ".join(s for s in sentences if not promise.search(s))
    return text.strip()


def asks_local(priority, council=None):
    """True when a priority's title or description asks for something local: in general words,
    or (given the council) naming the council's own area ("in Hatherdale")."""
    if not priority:
        return False
    said = f"{priority.get('title') or ''}. {priority.get('description') or ''}"
    if _fit_rules()[2].search(said):
        return True
    area = council_area(council)
    if not area:
        return False
    asks = [
        re.escape(w).replace(r"\{area\}", re.escape(area)) for w in _rules_file()["local_asks_area"]
    ]
    return bool(re.search(r"(?<!\w)(?:" + "|".join(asks) + r")(?!\w)", said, re.I))


def council_area(council):
    """The place a council is named after: "Cwm Aderyn County Borough Council" is Cwm Aderyn."""
    words = set(_rules_file()["council_name_words"])
    kept = [w for w in ((council or {}).get("name") or "").split() if w.lower() not in words]
    return " ".join(kept)


def place_denied(measure, priority):
    """Return the measure's words that say place does not count, when its priority asks local.

    Such an outcome does not measure the priority it is credited to ("spend locally", but
    "food counts by what it is, not by where it or its supplier is based").
    """
    if not priority:
        return None
    place_free = _fit_rules()[1]
    if not (asks_local(priority) or priority.get("places")):
        return None
    for sentence in re.split(r"(?<=[.;])\s+", measure.get("counting_notes") or ""):
        if place_free.search(sentence):
            return sentence.strip()
    return None


# Families counting posts the supplier creates for the contract's own work (as in eligibility),
# and apprentices on them who complete or are kept on: all in the contract's own trades.
CREATED_POSTS = {"apprenticeships", "apprentice-weeks", "higher-apprenticeships", "completions"}


@functools.cache
def _trades():
    return [
        {
            "name": t["name"],
            "priority": [phrase(w) for w in t["priority"]],
            "contract": [phrase(w) for w in t["contract"]],
            "measure": [phrase(w) for w in t.get("measure", ())],
            "categories": tuple(t.get("categories", ())),
            "cpv": tuple(str(c) for c in t.get("cpv", ())),
        }
        for t in _rules_file()["trades"]
    ]


def unlawful(measure, nation):
    """Return (law statement key, what to do instead) when the law forbids requiring the
    measure (by its title's words; `unlawful` in deliverables.yaml), else None."""
    title = (measure.get("title") or "").lower()
    for rule in _rules_file().get("unlawful") or ():
        if any(word in title for word in rule["words"]):
            return rule["law"].get(nation) or next(iter(rule["law"].values())), rule["instead"]
    return None


def already_law(measure, law):
    """Return (law statement key, what to do instead) when the law already requires the
    provider of this contract's service to do what the measure counts (`already_law` in
    deliverables.yaml; `law` a legal.Position), else None."""
    title = (measure.get("title") or "").lower()
    for rule in _rules_file().get("already_law") or ():
        if law.nation not in rule["nations"] or not getattr(law, rule["where"]):
            continue
        if any(word in title for word in rule["words"]):
            return rule["law"], " ".join(rule["instead"].split())
    return None


def _in_trade(procurement, trade, bought):
    """True when the contract's work is in the trade: by its category, CPV code or words."""
    return (
        procurement.get("category") in trade["categories"]
        or str(procurement.get("cpv_code") or "").startswith(trade["cpv"])
        or any(p <= bought for p in trade["contract"])
    )


def trades_outside(procurement):
    """The names of the trades (deliverables.yaml `trades`) this contract's work is not in."""
    bought = _bought(f"{procurement.get('title') or ''}. {procurement.get('description') or ''}")
    return {t["name"] for t in _trades() if not _in_trade(procurement, t, bought)}


def trade_denied(procurement, measure, priority):
    """Return the trade a priority asks skills in that the contract's own posts cannot be in.

    Apprenticeships on the contract are in its own trades, and so is training its workers in a
    trade the measure names: credited to "skills for clean heat and retrofit" on a harbour wall,
    they do not serve the priority. None when they can.
    """
    if not priority:
        return None
    family = proportionality.family_for(measure)
    posts = bool(family) and family["key"] in CREATED_POSTS
    asked = phrase(priority.get("title") or "")
    titled = phrase(measure.get("title") or "")
    bought = _bought(f"{procurement.get('title') or ''}. {procurement.get('description') or ''}")
    for trade in _trades():
        in_trade = posts or any(p <= titled for p in trade["measure"])
        if (
            in_trade
            and any(p <= asked for p in trade["priority"])
            and not _in_trade(procurement, trade, bought)
        ):
            return trade["name"]
    return None


@functools.lru_cache(maxsize=64)
def _bought(contract):
    """Stems of what a contract buys, its jargon expanded: once per contract, not per measure."""
    text, _ = glossary.expand(contract)
    return phrase(text)


def own_scope(procurement, measure):
    """Return OwnScope when the measure counts what this contract itself delivers, else None.

    Judged from the measure's title and outcome (what it counts) against the contract's title,
    description (its jargon expanded by the matcher's glossary) and CPV code, by the subjects in
    data/deliverables.yaml; or, on any contract, from a unit that is a share of the contract's
    own work (its sites, fleet, plant, materials or goods): how that work is done.
    """
    subjects, beyond = _deliverables()
    counts = phrase(f"{measure.get('title') or ''}. {measure.get('outcome') or ''}")
    text = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    bought = _bought(text)
    cpv = (procurement.get("cpv_code") or "").strip()
    wording = f"{measure.get('description') or ''} {measure.get('counting_notes') or ''}"
    for subject in subjects:
        if not any(phrase <= counts for phrase in subject["measure"]):
            continue
        said = [words for words, phrase in subject["contract"] if phrase <= bought]
        coded = cpv and any(cpv.startswith(prefix) for prefix in subject.get("cpv", ()))
        if said or coded:
            because = _speaks_of(said[0], text) if said else f"its CPV code {cpv}"
            limited = bool(beyond.search(wording))
            return OwnScope(subject["name"], subject["kind"], because, limited)
    family = proportionality.family_for(measure)
    return None if family and family["method"] == "condition" else _own_work(measure)


def _speaks_of(words, text):
    """What the contract's own text says that matched `words` (a rule's phrase, matched word by
    word in any form): the phrase where the text has it, else the text's words quoted, so the
    log never claims words the description lacks (FINDINGS-16b: "speaks of fitness" for a
    clinic whose description says "LARC fitting")."""
    expanded, _ = glossary.expand(text)
    if re.search(rf"\b{re.escape(words)}", expanded, re.IGNORECASE):
        return f"its description speaks of {words}"
    found, have = [], dict.fromkeys(WORD.findall(expanded.lower()))
    for wanted in dict.fromkeys(stem(w) for w in WORD.findall(words.lower())):
        found += [w for w in have if stem(w) == wanted][:1]
    quoted = wording.any_of([f"“{w}”" for w in found], "and")
    return f"its description has the word{'s' if len(found) > 1 else ''} {quoted}, read as {words}"


def contract_text(procurement):
    """The words a contract is matched on: its title, category and description."""
    return f"{procurement['title']}. {procurement['category']}. {procurement['description']}"


def _measure_text(measure):
    return f"{measure['title']}. {measure.get('description', '')}"


def _priority_text(priority):
    return f"{priority['title']}. {priority.get('description', '')}"


NAMED_SHARE = 0.5  # of a measure title's own words a priority must use to name what it counts


def names_measure(priority, measure):
    """True when a priority's own words name what the measure counts: "offer supported
    internships" names supported internships, "divert waste from landfill" waste diverted. At
    least two of the title's telling words, and at least half of them, are in the priority."""
    title = stems(measure.get("catalogue_title") or measure.get("title") or "") - _filler_stems()
    shared = title & stems(_priority_text(priority))
    return len(shared) >= 2 and len(shared) >= NAMED_SHARE * len(title)


def pairs(priorities, measures, accepted):
    """Return (priority, measure, accepted) pairs: accepted matches first, then same-theme measures.

    `accepted` is {priority id: [codes]} from the council's match decisions; a measure of the
    same theme as an active priority is a candidate too, marked as not yet accepted.
    """
    by_code = {m["code"]: m for m in measures}
    found, seen = [], set()
    for priority in priorities:
        for code in accepted.get(priority["id"], []):
            if code in by_code and (priority["id"], code) not in seen:
                found.append((priority, by_code[code], True))
                seen.add((priority["id"], code))
    for priority in priorities:
        for measure in measures:
            key = (priority["id"], measure["code"])
            if key not in seen and theme_key(measure.get("theme")) == priority["theme"]:
                found.append((priority, measure, False))
                seen.add(key)
    return found


def suits_nation(measure, procurement):
    """Return True unless the measure is for other nations only (such as the Welsh language)."""
    nations = legal.nations_for(measure)
    return not nations or procurement.get("nation") in nations


def rank(procurement, candidate_pairs, embed, *, top=None, scope=None):
    """Score each pair for this contract and return one Candidate per measure, best first.

    `embed(texts, scopes)` turns a list of texts into unit vectors (the matcher's cached
    embeddings); `scopes` says whose each text is: the council's (`scope`), or None for our
    shared catalogue's (see embeddings.text_hash). A measure for another nation only is never suggested.
    """
    if not candidate_pairs:
        return []
    priorities = list({p["id"]: p for p, _, _ in candidate_pairs}.values())
    measures = list({m["code"]: m for _, m, _ in candidate_pairs}.values())
    texts = (
        [contract_text(procurement)]
        + [_priority_text(p) for p in priorities]
        + [_measure_text(m) for m in measures]
    )
    # The contract and priorities are the council's; a measure is ours (shared) or its own.
    scopes = [scope] * (1 + len(priorities)) + [m.get("council_id") for m in measures]
    vectors = np.asarray(embed(texts, scopes), dtype=np.float32)
    contract = vectors[0]
    p_vec = {p["id"]: vectors[1 + i] for i, p in enumerate(priorities)}
    m_vec = {m["code"]: vectors[1 + len(priorities) + i] for i, m in enumerate(measures)}
    contract_stems = stems(contract_text(procurement))
    workforce = W_WORKFORCE * _workforce_share(procurement)
    fair_work = _fair_work_first(procurement)
    asks_fair_work = bool(fair_work) and legal.position(procurement).fair_work
    # A condition a priority asks for by name binds the contract's own workforce: on goods, the
    # workers are the maker's, so it is not carried there.
    own_workforce = procurement.get("category") in ("works", "services")
    # Sizing needs the contract's value and length; a sketch without them is not sized.
    sized = bool(procurement.get("value_gbp") and procurement.get("duration_months"))
    market = {
        m["code"]: (
            sectors.staple_of(procurement, m),
            sectors.remote(procurement, m)
            or _yearly_on_one_supply(procurement, m)
            or _used_up(procurement, m)
            or goods.not_durable(procurement, m)
            or _by_nature(procurement, m)
            or _not_handled(procurement, m)
            or emissions.missing(procurement, m)
            or emissions.out_of_scale(procurement, m),
            _token(procurement, m)
            if sized
            else (firm_status(m) or emissions.own_small(procurement, m)),
        )
        for m in measures
    }
    levelled = _level_before_cut(procurement, measures, market) if sized else {}
    site_air = _site_air(procurement, priorities)
    best = {}
    for priority, measure, accepted in candidate_pairs:
        if not suits_nation(measure, procurement):
            continue
        # The council's acceptance credits only what the measure counts on this contract.
        accepted = accepted and subjects.unserved(priority, measure, procurement) is None
        c_m = float(contract @ m_vec[measure["code"]])
        c_p = float(contract @ p_vec[priority["id"]])
        p_m = float(p_vec[priority["id"]] @ m_vec[measure["code"]])
        found, remote, token = market[measure["code"]]
        staple, staple_rank = found or (None, (0, 0))
        # Clean plant where an air priority names the site is carried for that priority.
        at_site = bool(site_air) and any(p <= _measure_title(measure) for p in site_air[1])
        if at_site:
            staple, staple_rank = site_air[0], (sectors.BY_CARRY, 0)
        # A staple the contract's market always carries suits it, whatever the catalogue's
        # categories say (embodied carbon from a design consultancy's services).
        fits = procurement["category"] in measure.get("categories", [])
        fits = fits or sectors.is_carried(staple_rank)
        # An accepted match is the council's own judgement that the measure serves the priority.
        score = (
            W_CONTRACT_MEASURE * c_m
            + W_CONTRACT_PRIORITY * c_p
            + W_PRIORITY_MEASURE * (P_M_ACCEPTED if accepted else p_m)
            + (workforce if theme_key(measure.get("theme")) in WORKFORCE_THEMES else 0)
            + (ACCEPTED_BONUS if accepted else 0)
            + IMPORTANCE_BONUS.get(priority.get("importance"), 0)
            - (0 if fits else CATEGORY_PENALTY)
            + (W_STAPLE if staple else 0)
            - (W_REMOTE if remote else 0)
            - (W_TOKEN if token else 0)
        )
        current = best.get(measure["code"])
        trade = trade_denied(procurement, measure, priority) if accepted else None
        # An accepted match always wins over a same-theme one, whatever their scores, and one
        # crediting a priority the outcome serves over one asking for skills in another trade.
        # Among the accepted priorities it serves, the outcome is credited to the one that fits
        # the contract best (`_credit`), not the closest in words; it ranks by its best score.
        mine = (accepted, not trade, *_credit(procurement, measure, priority, accepted), score)
        if current is not None and (current.accepted, not current.trade) == mine[:2]:
            score = max(score, current.score)
        if current is not None and current.credit >= mine:
            if trade and current.accepted:
                current.not_credited.append((priority, trade))
            current.score = max(current.score, round(score, 4))
            continue
        denied = [(current.priority, current.trade)] if current and current.trade else []
        scope = own_scope(procurement, measure)
        reasons = _reasons(procurement, measure, priority, accepted, fits, c_m, contract_stems)
        if trade:
            reasons.append(
                f"Its posts or training are in this contract's own trades, not in {trade},"
                " so it is not chosen for you"
            )
        scored = bool(fair_work and fair_work.search(measure.get("title") or ""))
        if scored and asks_fair_work:
            reasons.append(
                "Scotland's Fair Work First question already scores this practice,"
                " so it is not chosen for you"
            )
        elif scored:
            reasons.append(
                "Scottish guidance lets a council require the real Living Wage only where it"
                " records that it is relevant to how the contract is delivered, proportionate,"
                " does not discriminate among bidders and the work is done in the UK, so it is"
                " not chosen for you"
            )
        if staple:
            reasons.append(staple)
        if remote:
            reasons.append(f"{remote}, so it is not chosen for you")
        if token:
            reasons.append(f"{token}, so it ranks below outcomes that carry a real minimum")
        grows = extends(procurement, measure) if accepted else None
        if grows:
            reasons.append(f"It grows out of the contract's own work: {grows}")
        if scope:
            counts = "Counts" if scope.kind == "output" else "Measures"
            reasons.append(
                f"{counts} {scope.subject}, which the contract itself pays for"
                f" ({scope.because}), so it is not chosen for you"
            )
        best[measure["code"]] = Candidate(
            measure,
            priority if accepted else site_air[2] if at_site else None,
            accepted,
            round(score, 4),
            fits,
            reasons,
            theme_priority=None if accepted else priority,
            own_scope=scope,
            trade=trade,
            unlawful=unlawful(measure, procurement.get("nation")) is not None,
            staple=staple,
            staple_rank=staple_rank,
            remote=remote,
            fair_work_first=scored,
            token=token or None,
            not_credited=denied + (current.not_credited if current else []),
            asked=own_workforce
            and is_condition(measure)
            and any(sectors.asks_for(p, measure) for p in priorities),
            credit=mine,
            named=accepted and names_measure(priority, measure),
            extends=grows,
            subjects=subjects.counts(measure, procurement),
            site=f"{procurement.get('title') or ''}. {procurement.get('description') or ''}",
        )
    # The share takes the place of the cut it is preferred to: it ranks at least as the cut
    # would have ranked without being made a token.
    for cut, level in levelled.items():
        if cut in best and level in best:
            was = round(best[cut].score + W_TOKEN, 4)
            if was > best[level].score:
                best[level].score = was
                best[level].reasons.append(
                    f"It ranks in place of {cut}, a cut against a baseline for the same aim"
                )
    # The council's accepted measures that suit the contract come first, best fit first.
    ranked = sorted(
        best.values(), key=lambda c: (not (c.accepted and c.category_fit), -c.score, c.code)
    )
    return ranked[:top] if top else ranked


def _credit(procurement, measure, priority, accepted):
    """How well an accepted priority fits the contract, for crediting an outcome several accept:
    one whose title names the contract's market or programme ("apprenticeships on the council's
    construction programme" on a works contract) before one about another setting; then one of
    the measure's own theme; then the one whose places and groups narrow who counts least, as
    they become the who-counts of a hard minimum (a three-ward school-leaver priority must not
    narrow a works contract's apprentices). First of all, one that is about what the outcome
    counts (subjects.outside: NOx from vans to the air priority naming delivery vehicles before a
    priority about plant). Nothing for a same-theme pair: it credits nothing."""
    if not accepted:
        return (False, False, False, 0)
    narrow = bool(priority.get("places")) + bool(priority.get("target_groups"))
    return (
        subjects.outside(priority, subjects.counts(measure, procurement)) is None,
        sectors.named_by(procurement, priority),
        theme_key(measure.get("theme")) == priority.get("theme"),
        -narrow,
    )


PLACE_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")


def _site_air(procurement, priorities):
    """(Why, measure phrases, the priority) where a works contract's site is in a place a council
    priority on air quality names (`site_air` in deliverables.yaml), else None: its plant is
    carried, credited to that priority."""
    if procurement.get("category") != "works":
        return None
    rule = _rules_file()["site_air"]
    bought = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    about_air = re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in rule["priority"]) + r")\b", re.I
    )
    for p in priorities:
        said = f"{p.get('title') or ''}. {p.get('description') or ''}"
        if not about_air.search(said):
            continue
        # Two or more capitalised words, not a sentence's first: a street or estate's name.
        places = [n for n in PLACE_NAME.findall(said) if not said.startswith(n)]
        place = next((n for n in places if re.search(rf"\b{re.escape(n)}\b", bought)), None)
        if place:
            why = (
                f"The contract's site is on or by {place}, which the council's priority"
                f" “{p['title']}” names for cleaner air: its plant works there for months"
            )
            return why, [phrase(w) for w in rule["measure"]], p
    return None


def firm_status(measure):
    """Why a measure counts a standing of the whole firm (firm_status in deliverables.yaml), or
    None: an accredited employer is accredited for all its work, not for this contract."""
    rule = _rules_file()["firm_status"]
    unit, title = (measure.get("unit") or "").lower(), (measure.get("title") or "").lower()
    if any(w in unit for w in rule["unit"]) and any(w in title for w in rule["title"]):
        return (
            "It counts firms holding an accreditation of the whole firm, which no bidder can"
            " truly count for this contract only: a token of the contract"
        )
    return None


def _level_before_cut(procurement, measures, market):
    """Make a cut in the bidder's own use a token where the contract can carry a share with
    fixed points for the same aim (emissions.level_instead): a bidder new to the work has no
    baseline to cut from, and the share is judged the same way for every bidder. Returns
    {cut's code: the share's code}."""
    carried = [m for m in measures if not market[m["code"]][1] and not market[m["code"]][2]]
    levelled = {}
    for m in measures:
        found, remote, token = market[m["code"]]
        if remote or token or not proportionality.suggest(m, procurement).no_baseline:
            continue
        level = emissions.level_instead(procurement, m, [o for o in carried if o is not m])
        if level is not None:
            market[m["code"]] = (
                found,
                remote,
                f"It is a cut against the bidder's own baseline, which a bidder new to the work"
                f" does not have, and {level['code']} ({level['title']}) is a share with fixed"
                " points for the same aim",
            )
            levelled[m["code"]] = level["code"]
    return levelled


def _token(procurement, measure):
    """Why this contract can carry the measure only as a token, or None (see W_TOKEN)."""
    found = proportionality.suggest(measure, procurement)
    if found.under_one:
        return UNDER_ONE
    if found.token:
        return "On this contract it comes to fewer than one a year, a token rather than a minimum"
    return firm_status(measure) or emissions.own_small(procurement, measure)


def lot_minimums(suggestion, minimum, procurement, measure):
    """(The contract's minimum, each lot's share) as proportionality.lot_minimums, where a lot
    whose own work cannot deliver the measure (sectors.lot_cannot: a demolition lot, heat pump
    skills) gets none of it, with why, and the other lots share it by value."""
    lots = procurement.get("lots") or []
    unable = {lot["title"]: sectors.lot_cannot(lot["title"], measure) for lot in lots}
    able = [lot for lot in lots if not unable[lot["title"]]]
    if not able or len(able) == len(lots):
        bought_in = proportionality.profile_for(procurement).bought_in if lots else None
        return proportionality.lot_minimums(suggestion, minimum, lots, bought_in)
    headline, shared = proportionality.lot_minimums(suggestion, minimum, able)
    if shared is None:
        return proportionality.lot_minimums(suggestion, minimum, lots)
    by_title = {lot.title: lot for lot in shared}
    none = 0 if headline is not None else None
    return headline, [
        by_title.get(lot["title"])
        or proportionality.LotMinimum(lot["title"], lot.get("value_gbp"), none, 0.0, [why])
        for lot in lots
        for why in [unable[lot["title"]]]
    ]


def supplies_once(procurement):
    """True when a goods contract supplies a fixed quantity once (then warranty), by its
    description's words (`one_off_supply` in deliverables.yaml), not a framework."""
    if procurement.get("category") != "goods" or procurement.get("kind") == "framework":
        return False
    rules = _rules_file()["one_off_supply"]
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    if re.search(
        r"\b(?:" + "|".join(re.escape(w) for w in rules["recurring"]) + r")\b", said, re.I
    ):
        return False
    return any(re.search(pattern, said, re.I) for pattern in rules["once"])


def _yearly_on_one_supply(procurement, measure):
    """Why a yearly share of what is supplied does not fit a contract that supplies once."""
    family = proportionality.family_for(measure)
    if not family or family["key"] not in _rules_file()["one_off_supply"]["families"]:
        return None
    if not supplies_once(procurement):
        return None
    return (
        "It asks for a share of what is supplied in every contract year, but this contract"
        " supplies once, so later years would have nothing to count"
    )


def _used_up(procurement, measure):
    """Why a repair, take-back or reuse outcome does not fit goods used up in use (road salt,
    fuel, food: `used_up` in deliverables.yaml), or None."""
    rule = _rules_file()["used_up"]
    title = _measure_title(measure)
    if procurement.get("category") != "goods" or not any(
        phrase(w) <= title for w in rule["measures"]
    ):
        return None
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    used = r"\b(?:" + "|".join(re.escape(w) for w in rule["words"]) + r")\b"
    found = re.search(used, said, re.I)
    if not found:
        return None
    return (
        f"The goods ({found.group(0).lower()}) are used up in use, so there is nothing to"
        " repair, take back or reuse"
    )


def _by_nature(procurement, measure):
    """Why a take-back, repair or reuse share is met by a hire's own nature, or None."""
    if not goods.counts_any(measure, goods.hire_rule()["measures"]) or not goods.hired(procurement):
        return None
    return (
        "The contract is a hire: every item comes back to the supplier, which keeps, repairs and"
        " hires it out again, so every tender meets this in full and it cannot tell bidders apart"
    )


@functools.cache
def _required_already():
    rules = _rules_file()["required_already"]

    def any_of(words):
        return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)

    return [
        (
            [phrase(w) for w in part["measure"]],
            part["what"],
            any_of(part["words"]),
            any_of(rules["requires"] + part.get("also", [])),
        )
        for part in rules["parts"]
    ]


def required_already(procurement, measure):
    """(What of the measure's count the description already requires, the sentence that says
    so), or None: that part is a requirement of the contract, not additional (FINDINGS-17a-rs
    2.5), though the rest of what the measure counts is. A hire's items coming back is its own
    nature (FINDINGS-19b-u 2.2), said with the sentence (or title) that makes it a hire."""
    title = _measure_title(measure)
    sentences = re.split(r"(?<=[.;])\s+", procurement.get("description") or "")
    for phrases, what, found, requires in _required_already():
        if any(p <= title for p in phrases):
            said = next((s for s in sentences if requires.search(s) and found.search(s)), None)
            if said:
                return what, said.rstrip(" .;")
    if _by_nature(procurement, measure):
        rule = goods.hire_rule()
        said = next(
            (s for s in sentences if any(re.search(r, s, re.I) for r in rule["said"])),
            procurement.get("title") or "",
        )
        return rule["what"], said.rstrip(" .;")
    return None


@functools.cache
def _handles():
    return [
        (
            [phrase(w) for w in rule["measure"]],
            rule,
            re.compile(r"\b(?:" + "|".join(re.escape(w) for w in rule["words"]) + r")\b", re.I),
        )
        for rule in _rules_file()["handles"]
    ]


def _not_handled(procurement, measure):
    """Why the measure counts something the contract does not handle (timber on hygiene
    products: `handles` in deliverables.yaml), or None."""
    title = _measure_title(measure)
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    for phrases, rule, found in _handles():
        if not any(p <= title for p in phrases):
            continue
        if procurement.get("category") in rule["categories"] or found.search(said):
            return None
        return (
            f"It counts {rule['what']}, and nothing in this contract's category or description"
            " says it handles any"
        )
    return None


def _fair_work_first(procurement):
    """The words of measures Scotland's Fair Work First question scores, where it is asked; where
    it is not, the real Living Wage alone, which Scottish guidance lets a council require only on
    findings it records (deliverables.yaml), so it is never chosen for the officer there."""
    if procurement.get("nation") != "Scotland" or not procurement.get("value_gbp"):
        return None
    words = _rules_file()["fair_work_first"]
    if not legal.position(procurement).fair_work:
        words = [w for w in words if w == "real living wage"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _workforce_share(procurement):
    """From 0 to 1: how far the contract's own workforce can deliver workforce outcomes."""
    if procurement.get("category") not in ("works", "services"):
        return 0.0
    if not (procurement.get("value_gbp") and procurement.get("duration_months")):
        return 0.0  # a contract still being described
    return min(1.0, proportionality.contract_workforce(procurement) / WORKFORCE_FULL)


def _reasons(procurement, measure, priority, accepted, fits, c_m, contract_stems):
    reasons = []
    if accepted:
        reasons.append(f"You accepted this measure for the priority “{priority['title']}”")
    else:
        reasons.append(f"Same theme as the priority “{priority['title']}” (not yet accepted)")
    shared = (contract_stems & stems(_measure_text(measure))) - _filler_stems()
    shown = [w for w in words(_measure_text(measure)) if stem(w) in shared]
    shown = list(dict.fromkeys(w for w in shown if w not in NOT_WORTH_SHOWING))[:5]
    if shown:
        reasons.append("Shares words with the contract: " + ", ".join(shown))
    if c_m >= CLOSE:
        reasons.append("Close in meaning to what the contract buys")
    if priority.get("importance") == "high":
        reasons.append("The priority is of high importance")
    if fits:
        reasons.append(f"Suits {procurement['category']} contracts")
    else:
        suits = ", ".join(measure.get("categories", [])) or "no category"
        reasons.append(f"Not usually suited to {procurement['category']} contracts (suits {suits})")
    return reasons


@functools.cache
def _filler_stems():
    """Stems of words that match but say nothing: 'helps' and 'planning' as well as 'help', 'plan'."""
    return frozenset(stem(w) for w in STOP_WORDS | NOT_WORTH_SHOWING)


CHOICE_SPREAD = 0.2  # an outcome scoring this far below the best is not chosen for the officer
# The market's first staple is ranked by what wording misses (what its suppliers deliver), so
# it is forced in a little further below the best fit than the floor, never far below it: a
# dementia awareness session 0.3 below a care home's fair-work outcomes is not. Our judgement.
STAPLE_REACH = 0.25
# Themes whose best outcome the floor does not strip (see _choosing).
OWN_FLOOR_THEMES = {"environment"}
OWN_SLOT_FROM = 3  # the outcome limit from which that best one, a market staple, has a slot held
MOSTLY_SHARED = 0.75  # a reason given for this share of the candidates, or more, says little


def telling_reasons(candidates, passed=()):
    """Return each candidate's reasons without those most candidates share, by measure code.

    A reason given for (nearly) every outcome on the page ("Suits works contracts") tells the
    officer nothing about which to choose; with one candidate there is nothing to compare.
    `passed` (see passed_over) adds why an outcome that fits was not ticked.
    """
    given = collections.Counter(r for c in candidates for r in set(c.reasons))
    common = {r for r, n in given.items() if n >= MOSTLY_SHARED * len(candidates)}
    if len(candidates) < 2:
        common = set()
    found = {c.code: [r for r in c.reasons if r not in common] for c in candidates}
    for candidate, why in passed:
        if candidate.code in found:
            found[candidate.code].append(f"It fits, but we have not ticked it: {why}")
    return found


def _counts(candidate):
    family = proportionality.family_for(candidate.measure)
    return (family["key"] if family else "none"), candidate.measure


def _best_for_each_priority(candidates):
    """The best-ranked candidate for each priority, in rank order."""
    seen, best = set(), []
    for candidate in candidates:
        priority = (candidate.priority or candidate.theme_priority or {}).get("id")
        if priority not in seen:
            seen.add(priority)
            best.append(candidate)
    return best


def _each_priority_first(candidates):
    """The candidates in rank order, but each priority's best before any priority's second,
    and every outcome credited to a council priority before any credited to none.

    A few outcomes should serve several of the council's priorities, not one priority thrice;
    and a measure the council accepted for a priority, that fits, is never left over the cap
    behind a market staple no one accepted (FINDINGS-15).
    """
    linked = [c for c in candidates if c.priority]
    loose = [c for c in candidates if not c.priority]
    found = []
    for group in (linked, loose):
        best = _best_for_each_priority(group)
        found += best + [c for c in group if c not in best]
    return found


def choose(candidates, limit):
    """Pick outcomes: the council's accepted measures that suit the contract, best first.

    At most `limit` (the council's maximum is a cap, not a target: small contracts take
    fewer), one per measure, each priority's best before any priority's second, and never two
    that could count the same person or pound. A measure counting what the contract itself
    delivers, or delivered off the contract where it is not about that, is never picked. Two
    come first: a contract condition a council priority asks for by name (the real Living Wage),
    the staples the contract's market always carries (local spend on works in Scotland), and
    the staple of the contract's most specific market that comes first in its list (embodied
    carbon on a bridge, building energy on facilities management), which wording alone misses.
    A token (see W_TOKEN) is picked only where nothing else is. With no accepted measure that
    suits, the best fit for each priority is taken instead, credited to no priority: the officer
    links each one, or the checks say it is unlinked.
    """
    return [_credit_by_aim(c, candidates) for c in _choosing(candidates, limit)[0]]


def _credit_by_aim(candidate, candidates):
    """A chosen outcome credited to no priority, credited to the council priority it serves
    (FINDINGS-14b D7, 14c D6): one the council accepted a measure with the same aim for
    (delivery emissions beside its zero-emission fleet), else one of its theme whose own words
    name the outcome's aim (guaranteed hours for a priority asking for "secure, predictable
    hours"). Either only where the priority is about what the outcome counts (subjects.outside:
    embodied carbon shares an aim with a fleet cut but never serves a vehicles priority,
    FINDINGS-15); the theme alone never links. The log says which, or why not."""
    if candidate.priority is not None:
        return candidate
    aim = candidate.measure.get("outcome") or ""
    counted = candidate.subjects
    if counted is None:
        counted = subjects.counts(candidate.measure)
    accepted = sorted((c for c in candidates if c.accepted and c.priority), key=lambda c: -c.score)
    # Sharing a goal is sharing one of its promises: plastics removed (more reuse) share none
    # with certified timber (responsibly sourced materials) under one heading (aims.yaml).
    kept = set(aims.promises(candidate.measure))
    links = [
        (
            c.priority,
            f"its aim, {aims.kept_aim(candidate.measure).lower()}, is that of {c.code}, which"
            " the council accepted for it",
        )
        for c in accepted
        if aim and c.measure.get("outcome") == aim and kept & set(aims.promises(c.measure))
    ] + [
        (
            c.priority,
            f"the priority's own words ask for its aim, {aims.kept_aim(candidate.measure).lower()}",
        )
        for c in accepted
        if theme_key(c.priority.get("theme")) == _theme(candidate)
        and _asks_for(c.priority, candidate.measure)
    ]
    apart = {}
    for priority, why in links:
        off = subjects.outside(priority, counted)
        if off is None and _theme(candidate) == "environment":
            off = subjects.elsewhere(priority, candidate.site)
        if off is None:
            return replace(candidate, priority=priority, credited_by=why)
        apart.setdefault(priority["id"], (priority, off))
    return replace(candidate, not_served=list(apart.values())) if apart else candidate


# Words every priority about buying uses, which say nothing of what it asks for.
BUYING_WORDS = "contract contracts council councils supplier suppliers contractor contractors"
ASKED_WORDS = 2  # telling words a priority shares with an outcome's aim and title to ask for it


def _asks_for(priority, measure):
    """True when the priority's own words ask for the measure's aim: they share a telling word
    with the aim, and two with the aim and title together ("secure, predictable hours" for
    guaranteed hours), never one generic word ("sources of our emissions" for timber from
    certified sources, FINDINGS-15). The aim is what the measure itself promises, not a goal's
    other promises (aims.kept_aim): single-use plastics promise more reuse, so "the largest
    source of our emissions" never asks for them through "responsibly sourced materials"
    (FINDINGS-17a-rs 3.4)."""
    said = stems(f"{priority.get('title') or ''} {priority.get('description') or ''}")
    said -= _filler_stems() | stems(BUYING_WORDS)
    aim = stems(aims.kept_aim(measure))
    title = stems(measure.get("catalogue_title") or measure.get("title") or "")
    return bool(said & aim) and len(said & (aim | title)) >= ASKED_WORDS


def passed_over(candidates, limit, *, over_cap=True):
    """The council's accepted measures and the market's staples that suit the contract but were
    not chosen, each with why (outranked, over the cap, a token, counting what a chosen one
    counts), best first: an officer never finds a fitting outcome silently missing. Without
    `over_cap`, not those left out only because the outcomes chosen filled the cap."""
    chosen, why, full = _choosing(candidates, limit)
    return [
        (c, why[c.code])
        for c in candidates
        if c.suitable
        and (c.accepted or c.staple)
        and c not in chosen
        and c.code in why
        and (over_cap or c.code not in full)
    ]


def _choosing(candidates, limit):
    """(The outcomes chosen, {code: why not} for each suitable candidate that was not, the
    codes left out only because the chosen filled the cap)."""
    # Best fit first: an accepted measure's bonus already counts the council's decision.
    offered = sorted(
        (c for c in candidates if c.suitable and (c.accepted or c.staple)), key=lambda c: -c.score
    )
    pool = _each_priority_first(offered) or _best_for_each_priority(
        [c for c in candidates if c.suitable]
    )
    why, full = {}, set()
    floor = reach = None
    own = {}  # the best candidate of each theme exempt from the floor (OWN_FLOOR_THEMES)
    stood_in = []  # accepted outcomes put there in place of a staple no one accepted
    always = carried(candidates) + _carried_staples(candidates)
    # An accepted outcome the contract's own work leads to (old devices it takes back, given to
    # residents who are offline: FINDINGS-16a 1.3) comes next, whatever wording ranks above it.
    grown = [c for c in offered if c.extends and c not in always]
    if pool:  # far below the best fit is no fit: the maximum is a cap, not a target
        real = [c for c in pool if not c.token] or pool
        # The floor is measured from the best fit before tokens are left out: an outcome the
        # council accepted that sizes as a token (0.54) never lowers the bar for the rest, so a
        # staple far below it (a timber condition, 0.33, on hygiene products) does not take its
        # slot (FINDINGS-17a-rs 2.1-2.2): the slot is left empty instead.
        best = max(c.score for c in pool)
        floor, reach = best - CHOICE_SPREAD, best - STAPLE_REACH
        # The best environmental outcome is exempt from the floor: wording ranks a people
        # outcome far above any carbon one on a contract with a strong people priority, and the
        # floor would strip every outcome the council's carbon priority or the market's staple
        # asks for (FINDINGS-12 D4). Only the best, the market's own staple before a generic
        # one (embodied carbon on a build, not its office energy), and a staple with the aim of
        # a measure the council accepted (its carbon priority's) before one with another aim
        # (embodied carbon before plant emissions): the rest rank on the whole.
        accepted_aims = {c.measure.get("outcome") for c in candidates if c.accepted}
        for c in sorted(
            [c for c in real if c not in always],  # one carried is chosen anyway
            key=lambda c: (
                not (c.staple and c.measure.get("outcome") in accepted_aims),
                not c.staple,
                -c.score,
            ),
        ):
            if _theme(c) in OWN_FLOOR_THEMES:
                own.setdefault(_theme(c), c)
        # A staple no one accepted, below the floor, is not exempt (nor held a slot) ahead of an
        # outcome of its theme the council accepted that fits within the floor (FINDINGS-14c D1:
        # the zero-emission fleet a vehicles priority accepted, 0.55, before embodied carbon,
        # 0.46, on a removal framework): the exemption saves the theme, which that one does.
        for theme, kept in list(own.items()):
            better = [
                c
                for c in real
                if c not in always
                and _theme(c) == theme
                and c.accepted
                and c.score > kept.score
                and c.score >= floor
            ]
            if better and not kept.accepted and kept.score < floor:
                own[theme] = max(better, key=lambda c: c.score)
                stood_in.append(own[theme])  # it takes the staple's held slot too
        # An outcome serving no council priority is never exempt from the floor: the theme's
        # best outcome serving one takes the exemption (and any slot held for it), or none does
        # (FINDINGS-19a-u 3.2, 19b-u 2.4: reuse at 0.27 and packaging at 0.22 on a hire, beside
        # the council's carbon priority at 0.44).
        for theme, kept in list(own.items()):
            if kept.score >= floor or kept.accepted or _serves(kept, candidates):
                continue
            serving = [
                c
                for c in real
                if c not in always and _theme(c) == theme and (c.accepted or _serves(c, candidates))
            ]
            if serving:
                own[theme] = max(serving, key=lambda c: c.score)
                stood_in.append(own[theme])
            else:
                del own[theme]
        # An outcome its priority's own words name (supported internships, waste diverted) is
        # measured from the best of that priority, not from another priority's best outcome
        # (FINDINGS-13b D3): the council asked for it, however wording ranks the rest.
        top = max(pool, key=lambda c: c.score)
        ahead = {}
        for c in real:
            ahead.setdefault((c.priority or {}).get("id"), c)
        kept = []
        for c in pool:
            mine = ahead.get((c.priority or {}).get("id")) if c.named and c.priority else None
            if (
                c.score >= floor
                or c in grown
                or c in own.values()
                or mine is not None
                and c.score >= mine.score - CHOICE_SPREAD
            ):
                kept.append(c)
            elif c.token:  # why it is a token says more than how far it ranks
                why[c.code] = _lower(c.token)
            else:
                why[c.code] = (
                    f"it ranks {c.score:.2f}, more than {CHOICE_SPREAD:.2f} below the best fit,"
                    f" {top.code} ({best:.2f}{', a token here' if top.token else ''}),"
                    " too far to be chosen for you" + _exempt_note(c, own)
                )
        pool = kept
    # A staple far below the best fit is not forced ahead of the outcomes that fit: only one
    # the market always carries is (the floor is then no bar, and the log says so). The
    # market's first staple may sit a little below the floor (STAPLE_REACH).
    own_staple = [
        c
        for c in _market_staple(candidates, reach)
        if c not in always + grown
        and (floor is None or c.score >= floor or c.accepted or _serves(c, candidates))
    ]
    first = always + grown + own_staple
    # A staple no priority is credited with never displaces an outcome linked to a council
    # priority that fits (FINDINGS-13a E4, FINDINGS-15): those go first, then the staple.
    loose = [c for c in own_staple if c.priority is None]
    linked = [c for c in _linked_above(pool, loose[0], always) if c not in grown] if loose else []
    if loose:
        first = always + grown + linked + own_staple
    # The market's own environmental staple kept below the floor has a slot held for it, where
    # the contract carries three or more: a build's embodied carbon is not then left over the
    # cap behind its third skills outcome (FINDINGS-12 D4). With fewer, it ranks with the rest.
    # A staple no one accepted has it only where it serves a council priority by aim: one that
    # serves none never holds a slot against the outcomes the council accepted (FINDINGS-15).
    held = next(
        (
            c
            for c in own.values()
            if (c in stood_in or c.staple and _serves(c, candidates)) and limit >= OWN_SLOT_FROM
        ),
        None,
    )
    ordered = first + [c for c in pool if c not in first]
    # A token is never weighted beside outcomes with a real minimum, not even in a slot they
    # leave empty (FINDINGS-15: the log called it a token and the document scored it): it is
    # chosen only where nothing else is, or where the market always carries it or the
    # contract's own work leads to it (the bidder then proposes it). With fewer outcomes the
    # weighting rules share the weight among them.
    real = [c for c in ordered if not c.token or c in always + grown]
    chosen, capped = [], {}  # capped: {code: the outcome a slot was held for then, or None}
    overlapped = {}  # {code: the chosen outcome ranking no higher that counts the same}
    for candidate in _higher_first(real or ordered, always + grown + own_staple):
        overlap = next((c for c in chosen if _same_thing(c, candidate)), None)
        if overlap:
            held = None if candidate is held else held  # its slot is free for the next
            if overlap.score > candidate.score:
                why.setdefault(
                    candidate.code,
                    f"it could count the same {_same_thing(overlap, candidate)} as"
                    f" {overlap.code}, which ranks higher ({_against(overlap, candidate)})",
                )
            else:  # said once the choice is final, with what put the other first
                overlapped.setdefault(candidate.code, overlap)
            continue
        # The cap is on the outcomes bidders are scored on: a pass or fail condition (the real
        # Living Wage, services in Welsh) uses none of its slots, whether or not a priority
        # asks for it by name (FINDINGS-14c D5): it never competes with a scored outcome.
        scored = [c for c in chosen if not is_condition(c.measure)]
        room = limit - (held is not None and candidate is not held and held not in chosen)
        if len(scored) >= room and not candidate.asked and not is_condition(candidate.measure):
            if candidate.code not in why:
                capped[candidate.code] = held if len(scored) < limit else None
            full.add(candidate.code)
            continue
        chosen.append(candidate)
    # Why the cap left each out is said from the final choice, not the moment it was left out:
    # a slot held then may have gone to another since (FINDINGS-16b: "all chosen ranked above
    # it" for the Gaelic outcome, 0.50, beside a chosen local-spend outcome, 0.48).
    order = _Order(always, own_staple, linked, _best_for_each_priority(offered or pool), own, grown)
    for candidate in ordered:
        if candidate.code in capped:
            why[candidate.code] = _over_cap(
                candidate, chosen, limit, capped[candidate.code], order, why
            )
        elif candidate.code in overlapped and candidate.code not in why:
            overlap = overlapped[candidate.code]
            why[candidate.code] = (
                f"it could count the same {_same_thing(overlap, candidate)} as {overlap.code},"
                f" and {_because(_ahead(overlap, candidate, order), [overlap], candidate)},"
                f" though it ranks {candidate.score:.2f}"
            )
    # The floor is no bar to the market's staples placed first: the log says so beside it.
    # A pass or fail condition takes no slot, so it is never said to be chosen below another
    # (FINDINGS-13a E8), nor one its priority names, measured from its own priority's best.
    below = [
        c
        for c in chosen
        if floor is not None
        and c.score < floor
        and c not in own.values()
        and not is_condition(c.measure)
        and c in first
    ]
    by_code = {c.code: c for c in candidates}
    for code, said in why.items():
        if "too far to be chosen" not in said:
            continue
        if below:
            named = ", ".join(c.code for c in below)
            many = len(below) > 1
            said = (
                f"{said} (the market's staple{'s' if many else ''} {named}"
                f" {'are' if many else 'is'} chosen below it all the same)"
            )
        why[code] = said + _kept_below_floor(by_code[code], chosen, below, own, floor)
    for candidate in ordered:
        if candidate.token and candidate not in chosen:
            why.setdefault(candidate.code, _lower(candidate.token))
    return chosen, why, full


def _higher_first(order, fixed):
    """`order` with each outcome moved just ahead of the first lower-ranked one that could
    count the same people or pounds (FINDINGS-14b D3): of two that overlap, the better fit is
    kept (recovery over homelessness on a drug and alcohol service), never merely the one
    reached first. One in `fixed` (always carried, or the market's own measure put first: delivery
    emissions before scope 3 on bulk goods) or a condition a priority asks for by name keeps its
    place and is never displaced."""
    out = list(order)
    for better in sorted(order, key=lambda c: -c.score):
        if better in fixed:
            continue
        at = out.index(better)
        weaker = next(
            (
                i
                for i, c in enumerate(out[:at])
                if c not in fixed
                and not c.asked
                and c.score < better.score
                and _same_thing(c, better)
            ),
            None,
        )
        if weaker is not None:
            out.insert(weaker, out.pop(at))
    return out


def _linked_above(pool, staple, always):
    """The outcomes in `pool` (those that fit, within the floor) linked to a council priority,
    in pool order, put ahead of a staple no priority is credited with: where slots are short,
    the council's accepted measure keeps its slot, whatever the staple's rank (FINDINGS-15:
    wording and the staple's bonus ranked it higher). One that counts what the staple counts is
    not among them: the market's own measure of the same thing replaces it (delivery emissions
    for scope 3 on bulk goods)."""
    if staple.priority is not None:
        return []
    return [
        c
        for c in pool
        if c.priority and c not in always and c is not staple and not _same_thing(c, staple)
    ]


def _serves(candidate, candidates):
    """True when the outcome is credited to a council priority, or would be by aim."""
    return _credit_by_aim(candidate, candidates).priority is not None


def _exempt_note(candidate, own):
    """Why another outcome of the same theme ranking as low was chosen: only the best of an
    exempt theme is kept below the floor (FINDINGS-13b D3: two at 0.40, opposite verdicts)."""
    kept = own.get(_theme(candidate))
    if kept is None or kept is candidate:
        return ""
    which = (
        "the market's own measure, put first"
        if kept.staple and kept.score < candidate.score
        else "the best-ranked"
    )
    return (
        f"; only one {_theme(candidate)} outcome is kept below it, {which}:"
        f" {kept.code} ({kept.score:.2f})"
    )


def _theme(candidate):
    return theme_key(candidate.measure.get("theme"))


@dataclass(frozen=True)
class _Order:
    """What put one outcome ahead of another while choosing, for the log to say truly."""

    always: list  # carried: a condition a priority asks for by name, a staple always carried
    staple: list  # the market's own staple, put first
    linked: list  # outcomes serving a priority, put ahead of a staple credited to none
    bests: list  # each priority's best, which comes before any priority's second
    own: dict  # the best of a theme kept below the floor (OWN_FLOOR_THEMES)
    grown: list  # accepted outcomes the contract's own work leads to, put first (`extends`)


def _over_cap(candidate, chosen, limit, held, order, why):
    """Why an outcome the cap left out was not chosen, from the final choice: every chosen
    outcome that ranks below it is named with what put it first (FINDINGS-16b: never "all
    chosen ranked above it" beside a lower-ranked one), and a slot held for an outcome
    that was then left out says where the slot went."""
    capped = f"this contract carries at most {wording.counted(limit, 'outcome')}"
    scored = [c for c in chosen if not is_condition(c.measure)]
    lower = [c for c in scored if c.score < candidate.score]
    if held is not None and held in chosen and held.score < candidate.score:
        whose = (
            "the environmental outcome the council accepted"
            if held.accepted
            else "the market's environmental staple"
        )
        return (
            f"{capped}, and the last is held for {whose}"
            f" {held.code} ({held.score:.2f}), though it ranks {candidate.score:.2f}"
        )
    if held is not None and held not in chosen:
        went = [c for c in lower if c is not held]
        left = f": {why[held.code]}" if held.code in why else ""
        whose = "an environmental outcome" if held.accepted else "the market's environmental staple"
        return (
            f"{capped}; when it came up, the last was held for {whose} {held.code}"
            f" ({held.score:.2f}), which was then left out{left}"
            + (
                f"; the freed slot went to {_listed(went)}, which"
                f" {'rank' if len(went) > 1 else 'ranks'} below it ({candidate.score:.2f})"
                if went
                else ""
            )
        )
    if not lower:
        tied = any(f"{c.score:.2f}" == f"{candidate.score:.2f}" for c in scored)
        ranked = "rank as high as it or higher" if tied else "ranked above it"
        return (
            f"{capped}, and {'the one' if limit == 1 else 'all'} chosen {ranked}"
            f" (it ranks {candidate.score:.2f})"
        )
    kinds = {}
    for c in lower:
        kinds.setdefault(_ahead(c, candidate, order), []).append(c)
    said = [_because(kind, outcomes, candidate) for kind, outcomes in kinds.items()]
    return f"{capped}, and " + "; ".join(said) + f", though it ranks {candidate.score:.2f}"


def _against(higher, lower):
    """Two scores for the log, to three places where two would print them equal."""
    places = 2 if f"{higher.score:.2f}" != f"{lower.score:.2f}" else 3
    return f"{higher.score:.{places}f} against {lower.score:.{places}f}"


def _listed(outcomes):
    return wording.any_of([f"{c.code} ({c.score:.2f})" for c in outcomes], "and")


def _ahead(first, candidate, order):
    """What put `first`, ranking lower, ahead of `candidate` in the choosing order: 'staple',
    'grown', 'token', 'linked', 'best' or 'order'."""
    if first in order.staple or first in order.always:
        return "staple"
    if first in order.grown:
        return "grown"
    if candidate.token and not first.token:
        return "token"
    if first in order.linked and candidate.priority is None:
        return "linked"
    if first in order.bests and candidate not in order.bests:
        return "best"
    return "order"


def _because(kind, outcomes, candidate):
    """One clause of the log saying why `outcomes`, ranking lower, came first."""
    many = len(outcomes) > 1
    were = "were" if many else "was"
    named = _listed(outcomes)
    if kind == "staple":
        return f"the market's staple{'s' if many else ''} {named} {were} chosen ahead of it"
    if kind == "grown":
        return f"{named}, which the contract's own work leads to, {were} chosen ahead of it"
    if kind == "token":
        return (
            f"{named}, with a real minimum here, {were} chosen ahead of it:"
            f" {_lower(candidate.token)}"
        )
    if kind == "linked":
        return (
            f"{named}, serving a council priority, {were} chosen ahead of it, a staple credited"
            " to no priority"
        )
    if kind == "best":
        mine = _titled(candidate)
        return (
            f"{named}, the best fit for {' and '.join(_titled(c) for c in outcomes)}, {were}"
            f" chosen ahead of it: each priority's best comes before any priority's second, and"
            f" it is a second for {mine}"
        )
    return f"{named} came before it in the choosing order"


def _titled(candidate):
    """The council priority an outcome is ranked under, quoted, or what stands for none."""
    priority = candidate.priority or candidate.theme_priority
    if priority and priority.get("title"):
        return f"“{priority['title']}”"
    return "the market's staples credited to no priority" if not priority else "its priority"


def _kept_below_floor(candidate, chosen, said, own, floor):
    """The outcomes chosen below one left out as too far from the best fit, other than the
    staples already named (`said`), each with why it is kept: the floor never reads as a
    rule the choice breaks (FINDINGS-16a: a staple chosen at 0.38, unexplained)."""
    same = own.get(_theme(candidate))
    notes = []
    for c in chosen:
        if c in said or c is same or is_condition(c.measure) or c.score >= candidate.score:
            continue
        if c in own.values():
            notes.append(
                f"{c.code} ({c.score:.2f}) is kept below it as the best {_theme(c)} outcome"
            )
        elif c.named and c.score < floor:
            notes.append(
                f"{c.code} ({c.score:.2f}) is kept below it as its priority names it, measured"
                " from that priority's best"
            )
        else:
            notes.append(f"{c.code} ({c.score:.2f}) is chosen below it")
    return f"; {'; '.join(notes)}" if notes else ""


def _same_thing(chosen, candidate):
    """What two outcomes could both count ('people or pounds', or the contract's vehicles or
    plant in `same_things`, deliverables.yaml), or None: the second is then not chosen."""
    if counting.could_overlap(_counts(chosen), _counts(candidate)) and not _other_groups(
        _counts(chosen)[0], _counts(candidate)[0]
    ):
        return "people or pounds"
    return same_subject(chosen.measure, candidate.measure)


# People families whose group is defined by being out of work, as most named groups facing
# barriers are too (long-term unemployed, NEET): an outcome of one and of a named group count
# the same people. Any other people family (apprentices, local hires) is another group.
OUT_OF_WORK_FAMILIES = {"employment"}


def _other_groups(first, second):
    """True when two people outcomes count different groups, so both may be chosen: one a
    named group facing barriers (people with a learning disability), the other apprentices or
    local hires of any kind (FINDINGS-13b D3). Two named groups, or a named group beside local
    people who were out of work, can be the same people."""
    narrow = counting.NARROW_FAMILIES
    if (first in narrow) == (second in narrow):
        return False
    broad = second if first in narrow else first
    return broad in counting.PEOPLE_FAMILIES and broad not in OUT_OF_WORK_FAMILIES


def same_subject(first, second):
    """The subject two measures both measure (`same_things` in deliverables.yaml: a fleet
    share of zero-emission vehicles and its NOx cut are the same vans), or None."""
    a, b = _measure_title(first), _measure_title(second)
    for group in _rules_file().get("same_things") or ():
        words = [phrase(w) for w in group["measures"]]
        if a != b and any(w <= a for w in words) and any(w <= b for w in words):
            return group["subject"]
    return None


def _measure_title(measure):
    return phrase(measure.get("catalogue_title") or measure.get("title") or "")


def _lower(text):
    return text[:1].lower() + text[1:]


def is_condition(measure):
    """True for a pass or fail contract condition (the real Living Wage): it is not scored, so
    it uses none of the outcome slots the council's cap allows."""
    family = proportionality.family_for(measure)
    return bool(family) and family["method"] == "condition"


def carried(candidates):
    """The suitable contract conditions a council priority asks for by name, on a contract whose
    own workforce they bind."""
    return [c for c in candidates if c.suitable and c.asked]


def _carried_staples(candidates):
    """The suitable outcomes the contract's market always carries (sectors.carried_staple),
    best first."""
    staples = [c for c in candidates if c.suitable and sectors.is_carried(c.staple_rank)]
    return sorted(staples, key=lambda c: -c.score)


def _market_staple(candidates, floor=None):
    """The suitable outcome that is the first staple of the contract's most specific market,
    beyond those the market always carries (chosen already: _carried_staples), among those
    ranking at or above `floor` (the best fit less STAPLE_REACH)."""
    staples = [
        c
        for c in candidates
        if c.suitable
        and c.staple
        and (floor is None or c.score >= floor)
        and not is_condition(c.measure)
        and not sectors.is_carried(c.staple_rank)
    ]
    return [max(staples, key=lambda c: (c.staple_rank, c.score))] if staples else []


def set_aside(candidates, chosen):
    """The council's accepted measures and the market's staples a market or setting rule kept
    from being chosen, though but for the rule they ranked within reach of those chosen: each
    with why, for the officer to add (careers talks, a staple of tuition, set aside where its
    schools are primaries: FINDINGS-16b 1.3)."""
    if not chosen:
        return []
    floor = min(c.score for c in chosen) - CHOICE_SPREAD
    return [
        c
        for c in candidates
        if (c.accepted or c.staple) and c.remote and c.score + W_REMOTE >= floor
    ]
