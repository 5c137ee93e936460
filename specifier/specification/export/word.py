"""The Word specification, ready for an ITT: A4, real list numbering, header, footer, contents.

Sections are numbered headings and clauses numbered paragraphs of one Word list, so they
renumber when pasted into a council's tender; the status shows as a header mark on drafts.
"""

from docx.shared import Pt, Twips

from specifier import wording
from specifier.specification.export import docx_parts

MARKS = {"draft": "DRAFT: not for issue", "review": "IN REVIEW: not for issue"}


def header_text(doc, what):
    """The running header: council, contract reference (when there is one) and title."""
    procurement = doc.procurement
    parts = [doc.council["name"], procurement.get("reference"), f"{procurement['title']}: {what}"]
    return " | ".join(p for p in parts if p)


def properties(doc, issue=None, title=None):
    """Document properties: the model's, with the reference, status, version and date."""
    found = doc.properties()
    title = title or found["title"]
    return {
        **found,
        "title": title,
        # The council's document, as its readers see it: never the tool that made it.
        "comments": f"{doc.council['name']}: {title}",
        "identifier": doc.procurement.get("reference") or "",
        "status": doc.status_label,
        "version": issue.version if issue else "",
        "created": doc.created,
    }


def start(doc, what, issue=None, title=None):
    """A new Word file for this specification: A4, header, footer, properties, status mark."""
    return docx_parts.new_document(
        properties(doc, issue, title),
        header=header_text(doc, what),
        status_mark=MARKS.get(doc.status, ""),
    )


def _facts(word, doc):
    procurement = doc.procurement
    reference = procurement.get("reference")
    facts = [
        ("Council", doc.council["name"]),
        ("Contract", procurement["title"] + (f" ({reference})" if reference else "")),
        (
            "Estimated value",
            f"{wording.money(procurement['value_gbp'])} over"
            f" {wording.counted(procurement['duration_months'], 'month')}",
        ),
        ("Date", wording.long_date(doc.created)),
    ]
    for label, value in facts:
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)


def _contents(word, doc):
    """An updatable contents field, filled with the headings until Word works out the pages."""
    docx_parts.add_paragraph(word, "Contents", "TOC Heading")
    entries = []
    for section in doc.sections:
        entries.append((f"{section.number}.\t{section.title}", 0))
        entries += [
            (b.text, docx_parts.CLAUSE_INDENT) for b in section.blocks if b.kind == "subheading"
        ]
    first = word.add_paragraph()
    docx_parts.add_field(first, 'TOC \\o "1-2" \\h \\z \\u', entries[0][0])
    # The field's result runs to the last entry: move its end there.
    end = first.runs[-1]._r
    for text, indent in entries[1:]:
        word.add_paragraph(text).paragraph_format.left_indent = Twips(indent)
    word.paragraphs[-1]._p.append(end)


def _clause(word, clause, num_id):
    numbered = False
    for kind, content in clause.blocks():
        if kind == "ul":
            for item in content:
                docx_parts.number(word.add_paragraph(item), num_id, 2)
            continue
        paragraph = word.add_paragraph(content)
        if numbered:
            paragraph.paragraph_format.left_indent = Twips(docx_parts.CLAUSE_INDENT)
        else:
            docx_parts.number(paragraph, num_id, 1)
            numbered = True


def render(doc, issue=None):
    """Return the specification as .docx bytes."""
    word = start(doc, "social value specification", issue)
    num_id = docx_parts.add_numbering(word)
    docx_parts.add_paragraph(word, doc.title, "Title")
    _facts(word, doc)
    _contents(word, doc)
    for section in doc.sections:
        heading = docx_parts.add_heading(word, section.title, level=1)
        docx_parts.number(heading, num_id, 0)
        for block in section.blocks:
            if block.kind == "subheading":
                docx_parts.add_heading(word, block.text, level=2)
            elif block.kind == "table":
                docx_parts.add_table(word, block.caption, block.header, block.rows)
            else:
                _clause(word, block, num_id)
    return docx_parts.save(word)
