"""What both Word files share: A4 pages, header and footer, list numbering, fitted tables.

Everything is built through python-docx's objects, which escape text; the only XML written by
hand is structure (numbering, fields, table properties) with our own constant values, never
council or bidder text.
"""

import datetime
import io
import math

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

# A4 in twips (twentieths of a point), as Word stores it: 210 x 297 mm.
A4_WIDTH, A4_HEIGHT = 11906, 16838
# 2.54 cm all round: the margins of UK Word's "Normal" page.
MARGIN = 1440
TEXT_WIDTH = A4_WIDTH - 2 * MARGIN
# Clause text sits this far in, so the number hangs in the margin before it (1.25 cm).
CLAUSE_INDENT = 709
BULLET_INDENT = CLAUSE_INDENT + 425
# A generous Arial character at the table size (bold headers are wider), and a cell's two
# side margins, for fitting columns to their words.
CHAR_TWIPS = 125
CELL_MARGINS = 240
MIN_COLUMN = 900  # about 1.6 cm: room for a short number or "Yes"
FONT = "Arial"
# Settings that follow w:updateFields in the schema's order: it must come before them.
AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "w:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


# Style ids of the built-in styles we use, by name: setting an id directly spares python-docx a
# search of every style for each paragraph, which was most of an export's time.
STYLE_IDS = {
    "Title": "Title",
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "Caption": "Caption",
    "List Bullet": "ListBullet",
    "TOC Heading": "TOCHeading",
}


def add_paragraph(word, text="", style=None):
    """Add a paragraph in one of STYLE_IDS's styles (or Normal)."""
    paragraph = word.add_paragraph(text)
    if style:
        paragraph._p.style = STYLE_IDS[style]
    return paragraph


def add_heading(word, text, level):
    """Add a heading: a real Heading style, so it is navigable and listed in the contents."""
    return add_paragraph(word, text, f"Heading {level}")


def _element(tag, **attributes):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def new_document(properties, *, header, status_mark):
    """Start an A4 document with its styles, header, "Page X of Y" footer and properties.

    `header` names the council, reference and title; `status_mark` (such as "DRAFT: not for
    issue") goes in the header of every page, or nothing when the document is final.
    """
    word = WordDocument()
    _styles(word)
    section = word.sections[0]
    section.page_width, section.page_height = Twips(A4_WIDTH), Twips(A4_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))
    section.header_distance = section.footer_distance = Twips(709)
    _header(section, header, status_mark)
    _footer(section)
    _properties(word, properties)
    _update_fields_on_open(word)
    return word


def _styles(word):
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    fonts = normal.element.get_or_add_rPr()
    fonts.append(_element("w:lang", val="en-GB"))
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption", "TOC Heading"):
        style = styles[name]
        style.font.name = FONT
        style.font.color.rgb = None  # black: meaning never rests on colour
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].font.size = Pt(16)
    styles["Heading 2"].font.size = Pt(13)
    styles["Caption"].font.size = Pt(10)
    styles["Caption"].font.bold = True
    styles["Caption"].font.italic = False
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)


def _header(section, text, status_mark):
    first = section.header.paragraphs[0]
    first.text = text
    if status_mark:
        mark = section.header.add_paragraph()
        run = mark.add_run(status_mark)
        run.bold = True
        run.font.size = Pt(12)


def add_field(paragraph, instruction, shown):
    """Add a Word field (PAGE, NUMPAGES, TOC...) whose value before updating is `shown`."""
    for kind in ("begin", None, "separate"):
        run = paragraph.add_run()
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        else:
            run._r.append(_element("w:fldChar", fldCharType=kind))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="end"))


def _footer(section):
    footer = section.footer.paragraphs[0]
    footer.alignment = 1  # centred
    footer.add_run("Page ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES", "1")


def _properties(word, properties):
    core = word.core_properties
    core.title = properties["title"]
    core.subject = properties["subject"]
    core.author = properties["author"]
    core.last_modified_by = properties["author"]
    core.keywords = properties["keywords"]
    core.category = properties["category"]
    core.comments = properties.get("comments") or ""
    core.identifier = properties.get("identifier") or ""
    core.version = properties.get("version") or ""
    core.content_status = properties.get("status") or ""
    core.language = "en-GB"
    core.created = core.modified = datetime.datetime.fromisoformat(properties["created"])
    core.revision = 1


def _update_fields_on_open(word):
    """Ask Word to update the fields (contents, page count) when the file is opened."""
    settings = word.settings.element
    flag = _element("w:updateFields", val="true")
    for tag in AFTER_UPDATE_FIELDS:
        found = settings.find(qn(tag))
        if found is not None:
            found.addprevious(flag)
            return
    settings.append(flag)


def add_numbering(word):
    """Add a multi-level list (1. / 1.1 / bullet) to the document; return its numbering id.

    Headings use level 0, clauses level 1 and bullets inside clauses level 2, so the clauses
    are real Word numbering: they renumber when pasted into a larger document, and a
    commissioner can restart or continue them as with any Word list.
    """
    numbering = word.part.numbering_part.element
    abstract_id = 1 + max(
        (int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
        default=0,
    )
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    abstract = _element("w:abstractNum", abstractNumId=abstract_id)
    abstract.append(_element("w:multiLevelType", val="multilevel"))
    levels = [
        ("decimal", "%1.", 0, CLAUSE_INDENT, True),
        ("decimal", "%1.%2", 0, CLAUSE_INDENT, True),
        ("bullet", "\u2022", CLAUSE_INDENT, BULLET_INDENT, False),
    ]
    for level, (fmt, text, number_at, indent, bold) in enumerate(levels):
        lvl = _element("w:lvl", ilvl=level)
        lvl.append(_element("w:start", val=1))
        lvl.append(_element("w:numFmt", val=fmt))
        lvl.append(_element("w:suff", val="tab"))
        lvl.append(_element("w:lvlText", val=text))
        lvl.append(_element("w:lvlJc", val="left"))
        paragraph = _element("w:pPr")
        tabs = _element("w:tabs")
        tabs.append(_element("w:tab", val="num", pos=indent))
        paragraph.append(tabs)
        paragraph.append(_element("w:ind", left=indent, hanging=indent - number_at))
        lvl.append(paragraph)
        run = _element("w:rPr")
        run.append(_element("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT))
        if bold:
            run.append(_element("w:b"))
        lvl.append(run)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum comes before the first num
    else:
        numbering.append(abstract)
    num = _element("w:num", numId=num_id)
    num.append(_element("w:abstractNumId", val=abstract_id))
    # This document's list starts at 1 wherever it is pasted; Word's "Continue numbering" undoes it.
    override = _element("w:lvlOverride", ilvl=0)
    override.append(_element("w:startOverride", val=1))
    num.append(override)
    numbering.append(num)
    return num_id


def number(paragraph, num_id, level):
    """Put a paragraph in the document's list at a level (0 heading, 1 clause, 2 bullet)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def column_widths(header, rows, total=TEXT_WIDTH):
    """Share the text width between columns by what they hold, never cutting a word.

    Each column gets at least its longest word (and MIN_COLUMN); what is left goes to the
    columns with longer text, in proportion to their typical cell's length.
    """
    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
    floors, wants = [], []
    for cells in columns:
        words = [w for cell in cells for w in str(cell).split()] or [""]
        floors.append(max(MIN_COLUMN, max(len(w) for w in words) * CHAR_TWIPS + CELL_MARGINS))
        body = [len(str(c)) for c in cells[1:]] or [len(str(cells[0]))]
        wants.append(max(len(str(cells[0])), sum(body) / len(body)) * CHAR_TWIPS)
    if sum(floors) >= total:  # too many long words: share by floors alone
        return [math.floor(total * f / sum(floors)) for f in floors]
    extra = [max(w - f, 0) for w, f in zip(wants, floors, strict=True)]
    spare = total - sum(floors)
    if sum(extra) <= spare:  # everything fits: give the rest to the widest text
        extra = [
            e + (spare - sum(extra)) * (e / sum(extra) if sum(extra) else 1 / len(extra))
            for e in extra
        ]
        return [math.floor(f + e) for f, e in zip(floors, extra, strict=True)]
    return [math.floor(f + spare * e / sum(extra)) for f, e in zip(floors, extra, strict=True)]


def fill_in_widths(header, rows, total=TEXT_WIDTH):
    """Widths for a table to fill in: the labels fitted, the answer columns sharing the rest."""
    labels = [str(row[0]) for row in rows]
    words = [w for label in [header[0], *labels] for w in label.split()] or [""]
    floor = max(MIN_COLUMN, max(len(w) for w in words) * CHAR_TWIPS + CELL_MARGINS)
    want = max(len(label) for label in [header[0], *labels]) * CHAR_TWIPS + CELL_MARGINS
    first = min(max(floor, want), total * 2 // 5 if len(header) > 2 else total * 3 // 5)
    rest = (total - first) // (len(header) - 1)
    return [first] + [rest] * (len(header) - 1)


def add_table(word, caption, header, rows, *, widths=None, bold_first_column=False):
    """Add a captioned table: fitted columns, a header row repeated on each page, whole rows.

    The caption comes before the table, as screen readers and the HTML export expect, and is
    kept on the page with it.
    """
    widths = widths or column_widths(header, rows)
    if caption:
        add_paragraph(word, caption, "Caption")
    table = word.add_table(rows=1 + len(rows), cols=len(header))
    table._tbl.tblPr.style = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:w"), str(sum(widths)))
    table_width.set(qn("w:type"), "dxa")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    for index, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
        row_properties = row._tr.get_or_add_trPr()
        row_properties.append(_element("w:cantSplit"))
        if index == 0:
            row_properties.append(_element("w:tblHeader"))
        for position, (cell, value, width) in enumerate(
            zip(row.cells, values, widths, strict=True)
        ):
            cell.width = Twips(width)
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(2)
            run = paragraph.add_run(str(value))
            run.font.size = Pt(10)
            if index == 0 or (bold_first_column and position == 0):
                run.bold = True
        if index == 0:
            for cell in row.cells:
                shading = _element("w:shd", val="clear", color="auto", fill="F3F2F1")
                cell._tc.get_or_add_tcPr().append(shading)
    # Paragraphs in a row keep with the next, so a short table stays on one page.
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    return table


def boxed(paragraph):
    """Draw a border round a paragraph; consecutive boxed paragraphs share one box."""
    borders = _element("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        borders.append(_element(f"w:{side}", val="single", sz=6, space=4, color="auto"))
    properties = paragraph._p.get_or_add_pPr()
    # pBdr follows these in the schema's order for paragraph properties.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = properties.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        properties.append(borders)
    return paragraph


def save(word):
    """Return the document as .docx bytes."""
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
