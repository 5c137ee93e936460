"""The bidder response form (.docx): per outcome, the commitment table, method statement and declaration;
the contract conditions to confirm.

Accessible as a form a bidder fills in Word: real headings, tables with header rows, and every
instruction in words (nothing depends on colour). The wording is in templates/exports/response/.
"""

import re
from itertools import groupby

from docx.shared import Pt

from specifier import wording
from specifier.specification import clauses, scoring, sectors
from specifier.specification.export import docx_parts, word
from specifier.specification.export.commitments import commitments, contract_years, size_text

# Lots side by side in one commitment table; more are split over further tables to stay legible.
LOTS_PER_TABLE = 4
METHOD_LINES = 12  # empty lines in each method statement box


# A share of the contract workforce on given terms (guaranteed hours, sick pay, carer's leave,
# direct employment, union cover): a term of employment, never "additional" to the contract.
WORKFORCE_SHARE = re.compile(
    r"^\s*%\s+of\s+(the\s+)?contract\s+(workforce|workers|staff|roles)\b", re.I
)


def declared(unit):
    """What a bidder declares of an outcome's figures: 'terms' for the terms the contract
    workforce is employed on, 'level' for another share of the contract delivered a given way
    (fleet, packaging, sites), else 'additional' (benefits that would not happen without it).

    A firm that already offers sick pay above the statutory minimum cannot honestly say the
    terms would not exist without this contract, and should not be rewarded for saying so.
    """
    if WORKFORCE_SHARE.search(unit or ""):
        return "terms"
    return "level" if (unit or "").lstrip().startswith("%") else "additional"


def _text(word_file, name, **context):
    """Add a template's paragraphs, with '- ' lines as bullets."""
    for kind, content in clauses.paragraphs(clauses.render(f"exports/response/{name}", **context)):
        if kind == "ul":
            for item in content:
                docx_parts.add_paragraph(word_file, item, "List Bullet")
        else:
            word_file.add_paragraph(content)


def _answer_table(word_file, caption, questions):
    header, rows = ["Question", "Your answer"], [[q, ""] for q in questions]
    widths = docx_parts.fill_in_widths(header, rows)
    docx_parts.add_table(word_file, caption, header, rows, widths=widths, bold_first_column=True)


def _commitment_tables(word_file, outcome, rows, years):
    """One table per group of lots: a column per lot (or one for the contract), a row per year."""
    level, rate = rows[0].level, rows[0].rate
    last = "Average of the years" if level else "Total over the contract"
    for start in range(0, len(rows), LOTS_PER_TABLE):
        group = rows[start : start + LOTS_PER_TABLE]
        header = ["Contract year"] + [r.lot or f"Your commitment ({r.unit})" for r in group]
        body = [["Minimum", *(r.minimum_text for r in group)]]
        if rate:
            # A framework's rate is one figure, tested on the work done to date: no years.
            header[0] = ""
            body.append(["Your rate for the framework", *("" for _ in group)])
        elif len(years) == 1:
            # One period: the commitment is the contract's, with no years to add up.
            header[0] = ""
            body.append(["Your commitment for the contract", *("" for _ in group)])
        else:
            body += [[year, *("" for _ in group)] for year in years]
            body.append([last, *("" for _ in group)])
        caption = f"Your commitment for outcome {outcome.number}, in {outcome.unit}"
        if len(rows) > LOTS_PER_TABLE:
            caption += f" (lots {start + 1} to {start + len(group)})"
        widths = docx_parts.fill_in_widths(header, body)
        docx_parts.add_table(
            word_file, caption, header, body, widths=widths, bold_first_column=True
        )


def _method_box(word_file, number, word_limit, what=None):
    """A bordered space to write in: consecutive bordered paragraphs form one box."""
    label = word_file.add_paragraph()
    label.add_run(
        f"{what or f'Method statement for outcome {number}'}"
        f" (up to {wording.qty(word_limit)} words):"
    ).bold = True
    label.paragraph_format.keep_with_next = True
    for _ in range(METHOD_LINES):
        docx_parts.boxed(word_file.add_paragraph()).paragraph_format.space_after = Pt(0)


def _outcome(word_file, doc, outcome, rows, years):
    docx_parts.add_heading(word_file, f"Outcome {outcome.number}: {outcome.title}", level=1)
    facts = [
        ["Unit", outcome.unit],
        ["Weighting", f"{outcome.weight:g}% of the total score"],
    ]
    facts += [
        [f"Minimum for {r.lot}" if r.lot else "Minimum commitment", r.minimum_text] for r in rows
    ]
    size = size_text(doc, outcome)
    if size:  # the fixed points that cap the score, as the specification publishes them
        facts.append(["How the size of your commitment is scored", size])
    docx_parts.add_table(
        word_file,
        f"About outcome {outcome.number}",
        ["Detail", "What the council asks"],
        facts,
        bold_first_column=True,
    )
    docx_parts.add_heading(word_file, "Your commitment", level=2)
    _text(
        word_file,
        "commitment.txt",
        unit=outcome.unit,
        level=rows[0].level,
        rate=rows[0].rate,
        lots=bool(rows[0].lot),
        one_period=len(years) == 1,
        part_year=bool(years) and "months)" in years[-1],
        # Whether the size of the commitment earns marks, as the specification says it does.
        sized=scoring.scores_commitment(outcome) or bool(outcome.scale or outcome.reference),
        proposes=outcome.minimum is None,
        optional=outcome.suggestion.optional,
        scale=doc.scale,
        baseline=outcome.baseline,
        passed_on=sectors.passed_on(doc.procurement),
    )
    _commitment_tables(word_file, outcome, rows, years)
    docx_parts.add_heading(word_file, "Method statement", level=2)
    question = clauses.render("clauses/evaluation/stem.txt", o=outcome)
    _text(word_file, "method.txt", word_limit=doc.word_limit, question=question)
    _method_box(word_file, outcome.number, doc.word_limit)
    docx_parts.add_heading(word_file, "Evidence to attach", level=2)
    _text(
        word_file,
        "evidence.txt",
        evidence=outcome.measure.get("evidence_required") or "",
        light=bool(doc.weighting.light),
    )
    docx_parts.add_heading(word_file, f"Declaration for outcome {outcome.number}", level=2)
    _text(word_file, "declaration.txt", number=outcome.number, kind=declared(outcome.unit))
    _answer_table(
        word_file,
        "",
        [f"Do you make this declaration for outcome {outcome.number}? Write Yes or No"],
    )


def _fair_work(word_file, doc):
    """Scotland's Fair Work First question: a method statement, scored on quality alone."""
    question = doc.fair_work
    docx_parts.add_heading(word_file, f"Question {question.number}: Fair Work First", level=1)
    _text(word_file, "fair_work.txt", weight=question.weight)
    text = clauses.render("clauses/evaluation/fair_work_question.txt", fair_work=question)
    _text(word_file, "method.txt", word_limit=doc.word_limit, question=text)
    _method_box(word_file, question.number, doc.word_limit, what="Your Fair Work First answer")


def render(doc, issue):
    """Return the response form as .docx bytes, naming the specification version it was issued with."""
    procurement = doc.procurement
    title = f"Social value response form: {procurement['title']}"
    word_file = word.start(doc, "social value response form", issue, title=title)
    docx_parts.add_paragraph(word_file, title, "Title")
    reference = procurement.get("reference")
    for label, value in (
        ("Council", doc.council["name"]),
        ("Contract", procurement["title"] + (f" ({reference})" if reference else "")),
        ("Issue", issue.label(doc.created)),
        ("Date", wording.long_date(doc.created)),
    ):
        paragraph = word_file.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    lots = procurement.get("lots") or []
    rows, years = commitments(doc), contract_years(procurement)
    docx_parts.add_heading(word_file, "How to fill in this form", level=1)
    # Say only what the tables ask: years where a row has them, a rate where one is asked, and
    # that a year may be 0 only where a total over several years is asked.
    _text(
        word_file,
        "intro.txt",
        p=procurement,
        lots=lots,
        fair_work=doc.fair_work,
        rates=any(r.rate for r in rows),
        yearly=any(not r.rate for r in rows),
        years=years,
        zero_years=len(years) > 1 and any(not r.rate and not r.level for r in rows),
        unscored=doc.conditions_only,
        minimums=any(r.minimum is not None for r in rows),
        # The specification's credibility test, once, where commitment marks depend on it
        # (FINDINGS-18b adaptations: the form left it out, so bidders would miss it).
        credibility=any(scoring.scores_commitment(o) for o in doc.outcomes),
        light=bool(doc.weighting.light),
    )
    docx_parts.add_heading(word_file, "About your organisation", level=1)
    questions = ["Organisation name", "Contact name", "Contact email address"]
    if lots:
        questions.append("Lots you are bidding for")
    _answer_table(word_file, "Your organisation", questions)
    by_number = {o.number: o for o in doc.outcomes}
    for number, group in groupby(rows, key=lambda r: r.number):
        _outcome(word_file, doc, by_number[number], list(group), years)
    if doc.fair_work:
        _fair_work(word_file, doc)
    if doc.conditions:
        docx_parts.add_heading(word_file, "Contract conditions", level=1)
        _text(word_file, "conditions.txt")
        _answer_table(
            word_file,
            "Contract conditions you confirm",
            [f"{c.name}: {c.title} ({c.unit}). Will you meet it in full?" for c in doc.conditions],
        )
    docx_parts.add_heading(word_file, "Signature", level=1)
    _text(word_file, "signature.txt", unscored=doc.conditions_only)
    _answer_table(
        word_file, "Signed for your organisation", ["Name", "Position", "Date", "Signature"]
    )
    return docx_parts.save(word_file)
