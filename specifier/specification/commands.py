"""`flask generate-spec`: a procurement file in, a Word, HTML or OCDS specification out."""

import dataclasses
import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from specifier import wording
from specifier.catalogue import catalogue
from specifier.councils import councils
from specifier.councils.commands import council_or_fail
from specifier.record_files import FileRejected
from specifier.specification import (
    call_offs,
    checks,
    document,
    files,
    fit,
    lifecycle,
    proportionality,
    relevance,
    service,
)
from specifier.specification.export.commitments import issue_for
from specifier.specification.export.formats import FORMATS
from specifier.web.db import get_db


def _chosen(db, council, parsed):
    """The outcomes named in the file, or the council's accepted matches ranked for relevance."""
    council_id = council["id"]
    if parsed["outcomes"]:
        chosen = []
        for item in parsed["outcomes"]:
            measure = catalogue.get(db, council_id, item["measure"])
            if measure is None:
                raise click.ClickException(f"No measure with code '{item['measure']}'")
            priority = service.find_priority(db, council_id, item["priority"])
            if item["priority"] and priority is None:
                raise click.ClickException(f"No priority called '{item['priority']}'")
            chosen.append({**item, "measure": measure, "priority": priority})
        if any(not relevance.is_condition(item["measure"]) for item in chosen):
            _room_beside(db, council, parsed["procurement"], chosen)
            return chosen
        return chosen + _beside_conditions(db, council, parsed, chosen)
    found = call_offs.call_off(parsed["procurement"])
    if found is not None and found.direct:
        return _direct_award(db, council, parsed["procurement"])
    return _ranked_choice(db, council, parsed["procurement"])


def _room_beside(db, council, procurement, chosen):
    """Where the file names fewer scored outcomes than the contract carries, say which others the
    ranking would choose for the council's accepted priorities (FINDINGS-19a-u ferry 6: one
    outcome on a ten-year contract, and the log never said the council had others to ask for)."""
    named = [item["measure"]["code"] for item in chosen]
    scored = [i["measure"]["code"] for i in chosen if not relevance.is_condition(i["measure"])]
    limit = _limit(council, procurement)
    if len(scored) >= limit:
        return
    fits = [
        c
        for c in _best_fits(db, council, procurement, leave_out=named)
        if c.accepted and c.priority and not relevance.is_condition(c.measure)
    ][: limit - len(scored)]
    if not fits:
        return
    listed = "; ".join(
        f"{c.code} ({c.measure['title']}), for “{c.priority['title']}”" for c in fits
    )
    click.echo(
        f"The file names {wording.counted(len(scored), 'scored outcome')} where this contract"
        f" carries up to {limit}. Others that fit it and serve priorities the council accepted:"
        f" {listed}. To ask for them too, name them under `outcomes:` beside"
        f" {wording.any_of(named, 'and')}",
        err=True,
    )


def _direct_award(db, council, procurement):
    """The contract conditions the ranking chooses for a direct award under a framework, which
    scores nothing: its scored choices are left out, and none at all is an error."""
    picked = _ranked_choice(db, council, procurement)
    kept = [i for i in picked if relevance.is_condition(i["measure"])]
    left = [i["measure"]["code"] for i in picked if not relevance.is_condition(i["measure"])]
    if not kept:
        raise click.ClickException(
            "Nothing was generated. This is a direct award under a framework, which scores"
            " nothing, and none of the council's accepted outcomes is a contract condition that"
            " suits it: name the conditions the call-off carries under `outcomes:`"
        )
    if left:
        click.echo(
            f"Left out {wording.any_of(left, 'and')}: a direct award under a framework scores"
            " nothing, so only the contract conditions chosen go into the call-off",
            err=True,
        )
    return kept


def _beside_conditions(db, council, parsed, chosen):
    """The scored outcomes the ranking chooses where a file names only contract conditions,
    which carry no marks: as if nothing were named, the named left out of the choosing. None
    where the weighting is 0%, the council's decision to secure social value by the conditions
    alone (a call-off whose framework fixes the award criteria): the log lists them instead."""
    procurement = parsed["procurement"]
    named = [item["measure"]["code"] for item in chosen]
    one = len(chosen) == 1
    what = "a contract condition" if one else "contract conditions"
    said = wording.any_of(
        [f"{item['measure']['code']} ({item['measure']['title']})" for item in chosen], "and"
    )
    pct = proportionality.weighting(
        council, procurement, override=parsed["settings"]["weighting_pct"]
    ).pct
    found = call_offs.call_off(procurement)
    if found is not None:
        # A call-off's framework fixes what is evaluated: conditions named alone stay alone.
        click.echo(
            f"The file names only {what}, {said}, for a call-off under {found.named}"
            f" ({found.route or 'route not said'}): nothing is scored, as named."
            + (
                " A direct award scores nothing"
                if found.direct
                else " If the framework's further competition allows a social value criterion,"
                " name the outcomes to score under `outcomes:` beside the conditions"
            ),
            err=True,
        )
        return []
    if pct == 0:
        fits = [
            c
            for c in _best_fits(db, council, procurement, leave_out=named)
            if not relevance.is_condition(c.measure)
        ]
        listed = "; ".join(f"{c.code} ({c.measure['title']})" for c in fits) or "none"
        click.echo(
            f"The file names only {what}, {said}, and sets weighting_pct: 0:"
            " nothing is scored, and the files secure social value through the conditions"
            f" alone. The outcomes the ranking would choose to score: {listed}. To score them,"
            " name them under `outcomes:` beside the conditions and set `weighting_pct:`",
            err=True,
        )
        return []
    click.echo(
        f"The file names only {what}, {said}: {'it is' if one else 'they are'} pass or fail and"
        f" {'carries' if one else 'carry'} no marks, so the ranking chooses the outcomes that carry the {wording.qty(pct)}%"
        " weighting, as when no outcome is named",
        err=True,
    )
    picked = _ranked_choice(db, council, procurement, leave_out=named)
    scored = [i["measure"]["code"] for i in picked if not relevance.is_condition(i["measure"])]
    if scored:
        click.echo(
            f"Chose {wording.any_of(scored, 'and')} to carry the {wording.qty(pct)}% weighting"
            f" beside {wording.any_of(named, 'and')}. To issue {'it' if one else 'them'} alone, with"
            " nothing scored, where the conditions secure social value, set `weighting_pct: 0`"
            " under `specification:`; for a call-off under another body's framework, set"
            " `call_off_under:` and `call_off_route:` instead",
            err=True,
        )
    return picked


def _ranked_choice(db, council, procurement, leave_out=()):
    """The council's accepted matches ranked for relevance and chosen up to the contract's
    limit, but for those `leave_out` names, each choice and each not chosen said in the log."""
    found = service.candidates(db, council["id"], procurement)
    ranked = _sized(council, procurement, [c for c in found if c.code not in leave_out])
    limit = _limit(council, procurement)
    picked = relevance.choose(ranked, limit)
    for candidate in picked:
        click.echo(
            f"Chose {candidate.code}: {candidate.measure['title']} ({candidate.score:.2f})",
            err=True,
        )
        for line in _credits(candidate, chosen=True):
            click.echo(line, err=True)
    empty = _empty(ranked, picked, limit)
    if empty:
        click.echo(empty, err=True)
    passed = relevance.passed_over(ranked, limit)
    for candidate, why in passed:
        click.echo(f"Not chosen: {_passed_over(candidate, why)}", err=True)
    if passed:
        click.echo(_swap_in(picked, kept=leave_out), err=True)
    for candidate in ranked:
        for line in _credits(candidate, chosen=False):
            click.echo(line, err=True)
    aside = relevance.set_aside(ranked, picked)
    for candidate in aside:
        whose = (
            f"which the council accepted for “{candidate.priority['title']}”"
            if candidate.accepted
            else "a staple of this contract's market"
        )
        click.echo(
            f"Not chosen: {candidate.code} ({candidate.measure['title']}), {whose}:"
            f" {_lower(candidate.remote)}. Name it under `outcomes:` in the file to add it",
            err=True,
        )
    for line in _unlisted(ranked, picked, passed, aside):
        click.echo(line, err=True)
    return [{"measure": c.measure, "priority": c.priority} for c in picked]


def _empty(ranked, picked, limit):
    """Why slots the contract could carry are left empty, or None: no outcome left serves a
    council priority or fits the contract within the floor measured from the best fit, tokens
    included (FINDINGS-17a-rs 2: an empty slot, not a staple that fits neither)."""
    scored = [c for c in picked if not relevance.is_condition(c.measure)]
    fits = [c for c in ranked if c.suitable and (c.accepted or c.staple)]
    if len(scored) >= limit or not fits:
        return None
    best = max(fits, key=lambda c: c.score)
    token = f", a token here: {_lower(best.token)}" if best.token else ""
    return (
        f"Chose {wording.counted(len(scored), 'scored outcome')} where this contract carries up"
        f" to {limit}: the floor of fit is measured from the best fit, {best.code}"
        f" ({best.score:.2f}{token}), and each other outcome that fits is listed below with why"
        f" it was not chosen (more than {relevance.CHOICE_SPREAD:.2f} below it, a token, or"
        " counting what a chosen one counts), so the other slots are left empty rather than"
        " given to an outcome that fits the contract poorly. The weighting is shared among those"
        " chosen"
    )


def _credits(candidate, *, chosen):
    """The log's lines on priorities an outcome is not credited to, as they ask for skills in a
    trade this contract is not in (FINDINGS-11 H3): credited to another it serves, or, where
    the council accepted it for none, not chosen."""
    if chosen:
        whose = f"“{candidate.priority['title']}”" if candidate.priority else "no priority"
        aim = [
            f"Credited {candidate.code} to {whose}, which no one accepted it for:"
            f" {candidate.credited_by}"
        ]
        grown = [
            f"Chose {candidate.code} first, as it grows out of the contract's own work: {candidate.extends}"
        ]
        apart = [
            f"Chose {candidate.code} linked to no priority: it shares an aim with"
            f" “{priority['title']}”, but {why}, so it does not serve that priority. Link it under"
            " `outcomes:` with `priority:` if it serves one"
            for priority, why in candidate.not_served
        ]
        return (
            grown * bool(candidate.extends)
            + aim * bool(candidate.credited_by)
            + apart
            + [
                f"Credited {candidate.code} to {whose}, not to “{priority['title']}”: its posts or"
                f" training are in this contract's own trades, not in {trade}"
                for priority, trade in candidate.not_credited
            ]
        )
    if not (candidate.accepted and candidate.trade):
        return []
    return [
        f"Not chosen: {candidate.code} ({candidate.measure['title']}), which the council accepted"
        f" for “{candidate.priority['title']}”: its posts or training are in this contract's own"
        f" trades, not in {candidate.trade}, so it does not serve that priority. Name it under"
        " `outcomes:` with a priority it serves to add it"
    ]


def _unlisted(ranked, picked, passed, aside):
    """A log line for each measure the council accepted for a priority that is neither chosen
    nor listed above with why (FINDINGS-14c D2: the valley-floor nature priority vanished from
    an active travel route's log): nothing the council accepted is silently dropped."""
    listed = {c.code for c in picked} | {c.code for c, _ in passed} | {c.code for c in aside}
    listed |= {c.code for c in ranked if c.accepted and c.trade}  # said by _credits
    return [
        f"Not chosen: {c.code} ({c.measure['title']}), which the council accepted for"
        f" “{c.priority['title']}”: {_not_suited(c)}. Name it under `outcomes:` in the file to"
        " add it"
        for c in ranked
        if c.accepted and c.priority and c.code not in listed
    ]


def _not_suited(candidate):
    """Why an accepted measure was not chosen, from the reasons the ranking gave."""
    said = [
        r
        for r in candidate.reasons
        if r.endswith("so it is not chosen for you") or r.startswith("Not usually suited")
    ]
    if said:
        return _lower(said[-1])
    return "it does not suit this contract"


def _lower(reason):
    return reason[:1].lower() + reason[1:]


def _passed_over(candidate, why):
    """Why an outcome that fits was not chosen."""
    whose = (
        f"which the council accepted for “{candidate.priority['title']}”"
        if candidate.accepted
        else "a staple of this contract's market"
    )
    return (
        f"{candidate.code} ({candidate.measure['title']}), {whose}, fits this contract but was"
        f" not chosen: {why}"
    )


def _swap_in(picked, kept=()):
    """How the officer swaps in, or adds, an outcome the log says fits but was not chosen;
    `kept`, the outcomes the file names already."""
    if not picked:
        return (
            "To use an outcome that fits but was not chosen, name it under `outcomes:` in the file"
        )
    return (
        "To use an outcome that fits but was not chosen, name it under `outcomes:` in the file"
        f" with the outcomes you keep ({', '.join([*kept, *(c.code for c in picked)])}): in place of"
        f" {picked[-1].code}, the last chosen, to swap it in, or as well as them to add it"
    )


def _limit(council, procurement):
    """The most outcomes this contract carries: the council's cap, less for small contracts."""
    return proportionality.outcome_limit(procurement, councils.outcome_limit(council))


def _best_fits(db, council, procurement, leave_out=(), ranked=None):
    """The outcomes the tool would choose for this contract, as the outcomes page ticks them."""
    if ranked is None:
        ranked = service.candidates(db, council["id"], procurement)
    ranked = _sized(council, procurement, [c for c in ranked if c.code not in leave_out])
    return relevance.choose(ranked, _limit(council, procurement))


def _sized(council, procurement, ranked):
    """`ranked` with each outcome the document would size as a token marked as one, so the next
    that fits takes its place, or none does (FINDINGS-15): what the log calls a token is never
    weighted in the document. Ranking sizes an outcome for everyone; the document sizes it for
    the places and groups of the priority it is credited to, known only once it is chosen."""
    limit = _limit(council, procurement)
    for _ in ranked:
        picked = relevance.choose(ranked, limit)
        chosen = [{"measure": c.measure, "priority": c.priority} for c in picked]
        sized = fit.sized_tokens(document.Inputs(council, procurement, chosen))
        fresh = {c.code: sized[c.code] for c in picked if c.code in sized and not c.token}
        if not fresh:
            break
        ranked = [
            dataclasses.replace(c, token=fresh[c.code], reasons=[*c.reasons, fresh[c.code]])
            if c.code in fresh
            else c
            for c in ranked
        ]
    return ranked


def _suggest_instead(db, council, procurement, chosen, doc):
    """Say which outcomes would suit the contract where one was left out: the officer's next step."""
    named = {item["measure"]["code"] for item in chosen} | {o.code for o in doc.prescribed}
    fits = _best_fits(db, council, procurement, leave_out=named)
    if fits:
        listed = "; ".join(f"{c.code} ({c.measure['title']})" for c in fits)
        click.echo(
            f"Outcomes that suit this contract instead: {listed}. Name one under"
            " `outcomes:` in the file, or leave `outcomes:` out for the tool to choose",
            err=True,
        )


def _now():
    """The time now, UTC, as stored specifications record their changes."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


@click.command("generate-spec")
@click.option("--council", "slug", required=True, help="The council's slug.")
@click.option(
    "--procurement",
    "procurement_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Procurement file (YAML; see priorities/procurements/README.md).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    required=True,
    help="docx, html or ocds: the specification; response: the bidder response form (.docx);"
    " workbook: the commitments workbook (.xlsx); pack: all five in one zip.",
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--force", is_flag=True, help="Include social value even below the council's threshold."
)
@with_appcontext
def generate_spec_command(slug, procurement_file, output_format, output, force):
    """Write a social value specification, response form, workbook or ITT pack for a procurement."""
    if not output.parent.is_dir():
        raise click.ClickException(
            f"The folder {output.parent} does not exist, so nothing was generated."
            " Create it or choose another --output."
        )
    db = get_db()
    council = council_or_fail(slug)
    try:
        parsed = files.parse(procurement_file.read_bytes(), procurement_file.name, council=council)
    except FileRejected as exc:
        raise click.ClickException(f"Nothing was generated.\n{exc}") from exc
    settings = parsed["settings"]
    forced = force or settings["force"]
    # Before anything else is said: a contract below the threshold needs no outcomes chosen.
    if not proportionality.weighting(council, parsed["procurement"], forced=forced).included:
        raise click.ClickException(
            f"The contract is below {council['name']}'s threshold of"
            f" £{council['threshold_gbp']:,}, so no social value section is needed."
            " Use --force to write one anyway."
        )
    inputs = document.Inputs(
        council=council,
        procurement=parsed["procurement"],
        chosen=_chosen(db, council, parsed),
        weighting_pct=settings["weighting_pct"],
        weighting_confirmed_pct=settings["weighting_confirmed_pct"],
        scoring_scale=settings["scoring_scale"],
        forced=forced,
    )
    found = fit.plan(
        inputs,
        service.alternatives(db, council["id"], parsed["procurement"]),
        service.credits(db, council["id"]),
    )
    for line in found.notes:
        click.echo(line, err=True)
    doc = found.doc
    if len(doc.prescribed) < len(found.chosen.prescribed):
        _suggest_instead(db, council, parsed["procurement"], inputs.chosen, doc)
    # Errors are said once, by the plan: with one, no bidder file is written. An error about one
    # outcome that the plan does not block on (who counts unconfirmed) is a warning for a file.
    warned = set()  # the topics of the checks said here
    for check in checks.run(doc):
        if check.level == "warning" or (
            check.level == "error" and not check.blocks_outcome and check.code
        ):
            click.echo(f"Warning: {check.topic}: {check.message}", err=True)
            warned.add(check.topic)
    if not found.writable:
        for line in found.errors:
            click.echo(f"Error: {line}", err=True)
        raise click.ClickException(f"Nothing was written to {output}: fix the errors above.")
    # A file that meets every check is the council's issue document, as a specification marked
    # final is: no "DRAFT" mark; else the mark stays, and the log, not the bidders' files, says
    # what stops it being final (FINDINGS-16a: a lowered weighting said only in the workbook).
    problems = lifecycle.final_problems(doc, fit.findings(doc, found.notes))
    if not problems:
        doc = dataclasses.replace(doc, status="final")
    else:
        unsaid = [p for p in problems if p.split(":")[0] not in warned]
        topics = list(dict.fromkeys(p.split(":")[0] for p in problems if p not in unsaid))
        if topics:
            unsaid.append(f"the warnings above on {wording.any_of(topics, 'and')}")
        click.echo(
            "Draft: the files are marked “DRAFT: not for issue” until every check is met: "
            + "; ".join(unsaid),
            err=True,
        )
    # A file has no stored specification: its issue is named by its content alone.
    rendered = FORMATS[output_format]
    try:
        issue = issue_for(doc, source=procurement_file.name, generated_at=_now())
        output.write_bytes(rendered.render(doc, issue, current_app.config["OCDS_PREFIX"]))
    except OSError as exc:
        raise click.ClickException(f"Could not write {output}: {exc.strerror}") from exc
    if doc.conditions_only:
        conditions = wording.counted(len(doc.conditions), "contract condition")
        click.echo(f"Wrote {output} ({conditions} alone, nothing scored: 0% weighting).")
        return
    outcomes = wording.counted(len(doc.outcomes), "outcome")
    click.echo(f"Wrote {output} ({outcomes}, {wording.qty(doc.weighting.pct)}% weighting).")


COMMANDS = (generate_spec_command,)
