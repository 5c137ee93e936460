"""A call-off under another body's framework: recognised from the procurement file or its words,
with the route it is awarded by (no Flask here).

A council buying under a national or regional buying organisation's framework does not run a
procurement of its own: the framework's terms fix what can be evaluated and how, and a direct
award evaluates nothing (sections 45 and 46 of the Procurement Act 2023; regulation 33 of the
Public Contracts Regulations 2015 for a framework awarded before the Act; regulation 34 of the
Public Contracts (Scotland) Regulations 2015: see data/law/procurement-act.yaml and
scotland.yaml). Never a framework the council sets up itself (`kind: framework`), whose own
call-off clause is another matter.
"""

import re
from dataclasses import dataclass

FURTHER = "further competition"
DIRECT = "direct award"
ROUTES = (FURTHER, DIRECT)
# How a file or a form may say the route.
ROUTE_WORDS = {
    "further competition": FURTHER,
    "further-competition": FURTHER,
    "mini-competition": FURTHER,
    "mini competition": FURTHER,
    "competitive selection process": FURTHER,
    "direct award": DIRECT,
    "direct-award": DIRECT,
    "direct": DIRECT,
}
# A framework that is the council's own, or this very contract: never a call-off under another's.
OWN = r"(?:this|our|its own|the council's own|the council's)"
# The words that say the council is buying under someone else's framework, within one sentence:
# calling off from or under a framework, or awarding, buying or appointing under, through or via
# one (our judgement, from how councils describe call-offs in committee reports and notices).
SAYS_CALL_OFF = (
    re.compile(
        r"\bcall(?:ing|ed|s)?[- ]?off\b[^.;]{0,160}?\b(?:from|under|through|via|using|on)\s+"
        rf"(?!{OWN}\b)(?:an?|the)\b[^.;]{{0,120}}?\bframework",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:award(?:ed|ing|s)?|buy(?:ing|s)?|bought|procur(?:ed|ing|es)|purchas(?:ed|ing|es)|"
        r"appoint(?:ed|ing|s)?|contract(?:ed|ing))\b[^.;]{0,80}?\b(?:under|from|through|via|using)"
        rf"\s+(?!{OWN}\b)(?:an?|the)\s+(?:[\w'’&()-]+\s+){{0,10}}?framework\b(?!\s+(?:tender|"
        r"suppliers? will|agreement will))",
        re.IGNORECASE,
    ),
)
# The route, in the description's words.
SAYS_FURTHER = re.compile(
    r"\bfurther[- ]competition|\bmini[- ]competition|\bcompetitive selection process",
    re.IGNORECASE,
)
SAYS_DIRECT = re.compile(
    r"\bdirect(?:ly)?[- ]award|\bawarded directly\b|\bwithout (?:a )?(?:further|mini[- ])"
    r"competition",
    re.IGNORECASE,
)


# Words before a call-off that make it the past: how an earlier contract was let ("the council
# previously called off from ...", "the current contract was awarded under ...") says nothing
# of this one.
PAST = re.compile(
    r"\b(?:previous(?:ly)?|current(?:ly)?|existing|former(?:ly)?|incumbent|last|earlier|until"
    r" now|in the past|used to|no longer)\b",
    re.IGNORECASE,
)


def _said_call_off(said):
    """The words that say this contract is a call-off, or '' (none, or only of an earlier one)."""
    for pattern in SAYS_CALL_OFF:
        for found in pattern.finditer(said):
            before = said[said.rfind(".", 0, found.start()) + 1 : found.start()]
            if not PAST.search(before):
                return found.group(0)
    return ""


@dataclass(frozen=True)
class CallOff:
    """A call-off: the framework as the file names it ('' when not named), the route (further
    competition, direct award, or '' when nothing says), and what it was read from."""

    framework: str = ""
    route: str = ""
    read_from: str = ""  # the description's words, where the file did not say it
    route_read_from: str = ""

    @property
    def direct(self):
        return self.route == DIRECT

    @property
    def further(self):
        """A further competition, or a route not said: social value may then be evaluated."""
        return self.route != DIRECT

    @property
    def named(self):
        """The framework as a sentence names it."""
        return self.framework or "the framework named in the procurement documents"


def route_of(said):
    """The route a file or form gives ('' for blank), or None when it is neither."""
    said = (said or "").strip().lower()
    if not said:
        return ""
    return ROUTE_WORDS.get(said)


def _said(procurement):
    return f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"


def call_off(procurement):
    """Return the CallOff this contract is, or None: from the file's call_off_under and
    call_off_route, else from a description that says the council calls off (or awards) under
    another body's framework. Only a contract is ever a call-off."""
    if (procurement.get("kind") or "contract") != "contract":
        return None
    framework = (procurement.get("call_off_under") or "").strip()
    route = procurement.get("call_off_route") or ""
    said = _said(procurement)
    read_from = ""
    if not (framework or route):
        read_from = _said_call_off(said)
        if not read_from:
            return None
    route_read_from = ""
    if not route:
        further, direct = SAYS_FURTHER.search(said), SAYS_DIRECT.search(said)
        if bool(further) != bool(direct):  # both or neither: not said
            route = FURTHER if further else DIRECT
            route_read_from = (further or direct).group(0)
    return CallOff(framework, route, read_from, route_read_from)


def weighting_override(procurement, only_conditions, override):
    """The weighting a call-off is written at: 0% (conditions alone, nothing scored) for a direct
    award, or a further competition where the officer named only contract conditions
    (`only_conditions`); else the officer's override (None: the council's)."""
    found = call_off(procurement)
    if found is not None and (found.direct or only_conditions):
        return 0.0
    return override
