"""The commitments workbook (.xlsx): bidders' figures by outcome, lot and year, read back for evaluation.

The format is documented in docs/commitments-workbook.md; read_commitments() is its reader.
Only the year cells can be changed; each row checks itself against its minimum in words; a
hidden sheet names the specification and version it was issued with.
"""

import io
import math
import re
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from specifier.record_files import FORMULA_STARTS
from specifier.specification import clauses, proportionality, sectors
from specifier.specification.export.commitments import commitments, contract_years
from specifier.specification.export.word import MARKS

FORMAT = "social-value-commitments"
# Version 2 keeps the measure codes off the sheet bidders fill in: the rows' keys are on the
# hidden Issued sheet. Version 3 asks a framework's rate once, in the Contract figure cell, as
# the specification tests it (on the work done to date), not year by year. Versions 1 and 2
# workbooks, issued before, are still read.
FORMAT_VERSION = 4
READABLE_VERSIONS = (1, 2, 3, 4)
INSTRUCTIONS, COMMITMENTS, ISSUED = "Instructions", "Commitments", "Issued"
HEADER_ROW = 4  # the Commitments sheet's column headings; rows below it are commitments
# Columns before the years; the years follow, then the contract figure, how counted, the check.
LEADING = ("Outcome", "Outcome title", "Lot", "Unit", "Minimum", "Minimum in words")
LEADING_V1 = (
    "Row key",
    "Outcome",
    "Code",
    "Outcome title",
    "Lot",
    "Unit",
    "Minimum",
    "Minimum in words",
)
ROW_KEYS = ";"  # separates the rows' keys on the Issued sheet
TRAILING = ("Contract figure", "How counted", "Check")
# How counted: a total over the contract, a level every year must reach (its size judged on the
# average of the years, a part year by its months), or one rate. LOWEST is how versions 2 and 3
# counted a level; the reader still reads it.
TOTAL, AVERAGE, RATE = "Total of the years", "Average of the years", "One rate for the framework"
LOWEST = "Lowest year"
PART_YEAR = re.compile(r"\((\d+) months?\)")
FIRST_YEAR_COLUMN = len(LEADING) + 1
MINIMUM = get_column_letter(LEADING.index("Minimum") + 1)
# The largest figure a cell accepts: the same ceiling as a minimum the council may set.
MAX_FIGURE = 1_000_000_000_000
MAX_BYTES = 5 * 1024 * 1024  # a returned workbook is a few kilobytes; refuse anything huge
MAX_UNPACKED = 50 * 1024 * 1024  # and what it unzips to, so a zip bomb is refused unread
CHECKS = {
    "empty": "Not filled in",
    "partial": "Fill in every year (0 if none)",
    "zero": "0 is not a commitment",
    "none": "No minimum to check",
    "meets": "Meets the minimum",
    "below": "Below the minimum",
}
# Meaning is in the Check column's words; the colours only repeat it.
FILLS = {
    CHECKS["below"]: PatternFill("solid", fgColor="F4C7C3"),
    CHECKS["meets"]: PatternFill("solid", fgColor="CCE2D8"),
}
INPUT_FILL = PatternFill("solid", fgColor="FFF7BF")
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")  # a rate row's year cells: not asked
HEADING = Font(bold=True)


class WorkbookRejected(ValueError):
    """A returned workbook that cannot be read, or was not issued for this specification."""


def _put(cell, value):
    """Write text or a number; text is never taken as a formula, whatever it starts with."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # a spreadsheet keeps it as text even when edited
    return cell


def _instructions(sheet, doc, issue, years):
    rows = commitments(doc)
    text = clauses.render(
        "exports/workbook/instructions.txt",
        p=doc.procurement,
        c=doc.council,
        issue=issue.label(doc.created),
        lots=bool(doc.procurement.get("lots")),
        years=years,
        checks=CHECKS,
        levels=any(r.level and not r.rate for r in rows),
        totals=any(not r.level for r in rows),
        rates=any(r.rate for r in rows),
        yearly=any(not r.rate for r in rows),
        proposed=any(r.minimum is None and not r.optional for r in rows),
        optional=any(r.optional for r in rows),
        scale=doc.scale,
        minimums=any(r.minimum is not None for r in rows),
        extension=proportionality.counting_period(doc.procurement)[1],
        passed_on=sectors.passed_on(doc.procurement),
    )
    if doc.conditions_only:  # no figures to give: the conditions are confirmed in the form
        text = clauses.render(
            "exports/workbook/conditions_only.txt",
            p=doc.procurement,
            c=doc.council,
            issue=issue.label(doc.created),
        )
    lines = [line for line in text.splitlines() if line.strip()]  # no empty rows between
    for row, line in enumerate(lines, start=1):
        cell = _put(sheet.cell(row=row, column=1), line.removeprefix("- ").strip())
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
        elif line.startswith("- "):
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=2)
    sheet.column_dimensions["A"].width = 110
    sheet.protection.enable()


def _check_formula(row, first, last, tested, count, optional=False):
    """A year row's check: `tested` (the total, or a level's lowest year) against the minimum.

    Where 0 is acceptable (an optional commitment) a row without a minimum has nothing to check.
    """
    years = f"{first}{row}:{last}{row}"
    minimum = f"{MINIMUM}{row}"
    zero = CHECKS["none"] if optional else CHECKS["zero"]
    return (
        f'=IF(COUNT({years})=0,"{CHECKS["empty"]}",'
        f'IF(COUNT({years})<{count},"{CHECKS["partial"]}",'
        f'IF({minimum}="",IF(MAX({years})=0,"{zero}","{CHECKS["none"]}"),'
        f'IF({tested}>={minimum},"{CHECKS["meets"]}","{CHECKS["below"]}"))))'
    )


def months(labels):
    """Return each contract year's months, from its label: 12, or a part year's own."""
    found = [PART_YEAR.search(str(label or "")) for label in labels]
    return [int(m.group(1)) if m else 12 for m in found]


def _average_formula(row, first, labels):
    """The average of a level's years, each year weighted by its months, as a formula."""
    spans = months(labels)
    last = get_column_letter(FIRST_YEAR_COLUMN + len(labels) - 1)
    if len(set(spans)) == 1:
        return f"AVERAGE({first}{row}:{last}{row})"
    full = get_column_letter(FIRST_YEAR_COLUMN + len(labels) - 2)
    return f"(12*SUM({first}{row}:{full}{row})+{spans[-1]}*{last}{row})/{sum(spans)}"


def average(figures, labels):
    """Return the average of a level's yearly figures, each year weighted by its months."""
    spans = months(labels)
    return sum(f * m for f, m in zip(figures, spans, strict=True)) / sum(spans)


def _rate_check_formula(row, figure, optional=False):
    """A rate row's check: on its one figure, the rate itself; 0 is never flagged where the
    specification accepts it (an optional commitment), as for a year row."""
    cell, minimum = f"{figure}{row}", f"{MINIMUM}{row}"
    zero = CHECKS["none"] if optional else CHECKS["zero"]
    return (
        f'=IF(COUNT({cell})=0,"{CHECKS["empty"]}",'
        f'IF({minimum}="",IF({cell}=0,"{zero}","{CHECKS["none"]}"),'
        f'IF({cell}>={minimum},"{CHECKS["meets"]}","{CHECKS["below"]}")))'
    )


def _validation(kind, whole):
    """A validation for year cells: numbers of 0 or more (whole ones for counts; 100 at most for %)."""
    if kind == "level":
        top, what = 100, "a percentage from 0 to 100"
    elif kind == "rate":
        top, what = MAX_FIGURE, "a rate, 0 or more, for each amount of call-offs the unit gives"
    else:
        top, what = MAX_FIGURE, "a whole number, 0 or more" if whole else "a number, 0 or more"
    check = DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1="0",
        formula2=str(top),
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Not a commitment",
        error=f"Enter {what}, in the row's unit.",
        promptTitle="Your commitment",
        prompt=f"Enter {what}"
        + (" for the framework" if kind == "rate" else " for this contract year")
        + ", in the row's unit.",
    )
    return check


def _commitments(sheet, doc, issue, rows, years):
    procurement = doc.procurement
    _put(sheet["A1"], f"Social value commitments: {procurement['title']}").font = Font(
        bold=True, size=14
    )
    reference = procurement.get("reference")
    mark = MARKS.get(doc.status)
    _put(
        sheet["A2"],
        clauses.render(
            "exports/workbook/banner.txt",
            mark=mark,
            c=doc.council,
            reference=reference,
            issue=issue.label(doc.created),
            years=years,
            rates=any(r.rate for r in rows),
            unscored=doc.conditions_only,
        ).strip(),
    )
    if doc.conditions_only:
        return  # no rows, so no columns that name outcomes or minimums
    header = [*LEADING, *years, *TRAILING]
    for column, title in enumerate(header, start=1):
        cell = _put(sheet.cell(row=HEADER_ROW, column=column), title)
        cell.font = HEADING
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first = get_column_letter(FIRST_YEAR_COLUMN)
    last = get_column_letter(FIRST_YEAR_COLUMN + len(years) - 1)
    figure_column = FIRST_YEAR_COLUMN + len(years)
    figure = get_column_letter(figure_column)
    check_column = get_column_letter(figure_column + 2)
    validations = {}
    for offset, item in enumerate(rows, start=1):
        row = HEADER_ROW + offset
        for column, value in enumerate(
            (
                item.number,
                item.title,
                item.lot or "Whole contract",
                item.unit,
                None if item.minimum is None else round(item.minimum, 4),
                f"{item.minimum_text}. {item.size}" if item.size else item.minimum_text,
            ),
            start=1,
        ):
            _put(sheet.cell(row=row, column=column), value)
        kind = ("rate" if item.rate else "level" if item.level else "total", item.whole)
        if kind not in validations:
            validations[kind] = _validation(*kind)
            sheet.add_data_validation(validations[kind])
        if item.rate:
            # One rate for the framework, tested on the work done to date: no year figures.
            validations[kind].add(f"{figure}{row}")
            for column in range(FIRST_YEAR_COLUMN, figure_column):
                sheet.cell(row=row, column=column).fill = UNUSED_FILL
            cell = sheet.cell(row=row, column=figure_column)
            cell.protection = Protection(locked=False)
            cell.fill = INPUT_FILL
            cell.number_format = "#,##0.00"
            _put(sheet.cell(row=row, column=figure_column + 1), RATE)
            sheet.cell(row=row, column=figure_column + 2).value = _rate_check_formula(
                row, figure, item.optional
            )
            continue
        validations[kind].add(f"{first}{row}:{last}{row}")
        for column in range(FIRST_YEAR_COLUMN, figure_column):
            cell = sheet.cell(row=row, column=column)
            cell.protection = Protection(locked=False)
            cell.fill = INPUT_FILL
            cell.number_format = "#,##0" if item.whole else "#,##0.00"
        years_range = f"{first}{row}:{last}{row}"
        # A level: its size is the average of the years, while every year must reach the
        # minimum, so the check tests the lowest year, not the figure shown.
        summed = _average_formula(row, first, years) if item.level else f"SUM({years_range})"
        sheet.cell(row=row, column=figure_column).value = f'=IF(COUNT({years_range})=0,"",{summed})'
        _put(
            sheet.cell(row=row, column=figure_column + 1),
            AVERAGE if item.level else TOTAL,
        )
        tested = f"MIN({years_range})" if item.level else f"{figure}{row}"
        sheet.cell(row=row, column=figure_column + 2).value = _check_formula(
            row, first, last, tested, len(years), item.optional
        )
    end = HEADER_ROW + len(rows)
    for words, fill in FILLS.items() if rows else ():  # a draft may have no outcomes yet
        sheet.conditional_formatting.add(
            f"{check_column}{HEADER_ROW + 1}:{check_column}{end}",
            FormulaRule(formula=[f'{check_column}{HEADER_ROW + 1}="{words}"'], fill=fill),
        )
    widths = {"A": 9, "B": 42, "C": 18, "D": 16, "E": 11, "F": 24}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for column in range(FIRST_YEAR_COLUMN, figure_column + 3):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.column_dimensions[check_column].width = 30
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=FIRST_YEAR_COLUMN)
    # No password: the lock stops slips, not a determined bidder (see the format's document).
    sheet.protection.enable()


def identity(doc, issue, rows, years):
    """What the hidden Issued sheet records, name by name (see docs/commitments-workbook.md)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "council": doc.council.get("slug") or "",
        "council_name": doc.council["name"],
        "reference": doc.procurement.get("reference") or "",
        "title": doc.procurement["title"],
        # A workbook made from a file has no stored specification: say what it came from.
        "specification_id": issue.specification_id
        if issue.specification_id is not None
        else f"none: made from {issue.source or 'an unsaved specification'}",
        "specification_updated_at": issue.updated_at or issue.generated_at,
        "content_hash": issue.content_hash,
        "version": issue.version,
        "issued_on": doc.created,
        "years": len(years),
        "rows": len(rows),
        # The rows' identities, in order: each outcome's measure code and lot number.
        "row_keys": ROW_KEYS.join(row.key for row in rows),
    }


def render(doc, issue):
    """Return the commitments workbook as .xlsx bytes."""
    rows = commitments(doc)
    # Year columns only where a row is filled in by year: a framework's rates have none.
    yearly = any(not r.rate for r in rows) or not rows
    years = contract_years(doc.procurement) if yearly and not doc.conditions_only else []
    book = Workbook()
    _instructions(book.active, doc, issue, years)
    book.active.title = INSTRUCTIONS
    _commitments(book.create_sheet(COMMITMENTS), doc, issue, rows, years)
    issued = book.create_sheet(ISSUED)
    for row, (name, value) in enumerate(identity(doc, issue, rows, years).items(), start=1):
        _put(issued.cell(row=row, column=1), name)
        _put(issued.cell(row=row, column=2), value)
    issued.sheet_state = "hidden"
    issued.protection.enable()
    book.active = 1  # open on the Commitments sheet
    book.security = WorkbookProtection(lockStructure=True)  # sheets stay as issued
    properties = book.properties
    properties.title = f"Social value commitments: {doc.procurement['title']}"
    properties.creator = doc.council["name"]
    properties.subject = issue.version
    properties.identifier = issue.content_hash
    properties.language = "en-GB"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Reading a returned workbook.


def _number(value, where):
    """A year cell's figure: None when empty, else a finite number of 0 or more."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise WorkbookRejected(f"{where}: write a number, not TRUE or FALSE")
    if isinstance(value, str):
        cleaned = re.sub(r"[,£%\s]", "", value)
        try:
            value = float(cleaned)
        except ValueError:
            raise WorkbookRejected(f"{where}: '{value[:40]}' is not a number") from None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise WorkbookRejected(f"{where}: write a number")
    if value < 0:
        raise WorkbookRejected(f"{where}: a commitment cannot be less than 0")
    if value > MAX_FIGURE:
        raise WorkbookRejected(f"{where}: {value:,.0f} is more than any commitment can be")
    return float(value)


def _open(data):
    not_excel = "The file is not a commitments workbook: it is not an Excel (.xlsx) file"
    if len(data) > MAX_BYTES:
        raise WorkbookRejected("The file is larger than any commitments workbook: at most 5 MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise WorkbookRejected(not_excel) from exc
    if unpacked > MAX_UNPACKED:
        raise WorkbookRejected("The file unpacks to more than any commitments workbook could")
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise WorkbookRejected(not_excel) from exc


def _identity(book):
    if ISSUED not in book.sheetnames or COMMITMENTS not in book.sheetnames:
        raise WorkbookRejected(
            "The file is not a commitments workbook from this service: its sheets have been"
            " changed or it was made elsewhere"
        )
    found = {
        str(name): value
        for name, value in book[ISSUED].iter_rows(min_col=1, max_col=2, values_only=True)
        if name is not None
    }
    if found.get("format") != FORMAT:
        raise WorkbookRejected("The file is not a commitments workbook from this service")
    if found.get("format_version") not in READABLE_VERSIONS:
        raise WorkbookRejected(
            f"The workbook is in format version {found.get('format_version')}; this service"
            f" reads versions {' and '.join(map(str, READABLE_VERSIONS))}"
        )
    return found


def _stored_id(value):
    """The stored specification's id from the Issued sheet; None for a workbook made from a file."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_issue(found, issued):
    """Refuse a workbook issued for another specification, or another version of this one."""
    if _stored_id(found["specification_id"]) != issued.specification_id:
        raise WorkbookRejected(
            f"The workbook was issued for another specification: {found['title']}"
            f" (version {found['version']})"
        )
    if found["content_hash"] != issued.content_hash:
        raise WorkbookRejected(
            f"The workbook was issued with another version of this specification"
            f" ({found['version']}); the version issued now is {issued.version}"
        )


def read_commitments(data, *, issued=None):
    """Read a returned workbook: which specification it was issued for, and every row's figures.

    Figures come from the year cells alone; totals and checks are worked out again here, never
    taken from the sheet's formulas. With `issued` (an Issue), a workbook for another
    specification or version is refused. Raises WorkbookRejected saying what is wrong.
    """
    book = _open(data)
    found = _identity(book)
    if issued is not None:
        _check_issue(found, issued)
    sheet = book[COMMITMENTS]
    count = found["years"]
    leading = LEADING_V1 if found["format_version"] == 1 else LEADING
    width = len(leading) + count + len(TRAILING)
    header = [c.value for c in sheet[HEADER_ROW]][:width]
    # A workbook of contract conditions alone was issued with no rows and no columns.
    issued_empty = found.get("rows") == 0 and not any(header)
    if not issued_empty and (tuple(header[: len(leading)]) != leading or len(header) != width):
        raise WorkbookRejected("The Commitments sheet's columns have been changed")
    keys = str(found.get("row_keys") or "").split(ROW_KEYS) if leading is LEADING else None
    rows = []
    for index, cells in enumerate(sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=width)):
        if cells[0].value is None:
            break
        values = {name: cell.value for name, cell in zip(leading, cells, strict=False)}
        key = values["Row key"] if keys is None else (keys[index] if index < len(keys) else None)
        code = str(key or "").split("|")[0]
        lot, minimum = values["Lot"], values["Minimum"]
        first = len(leading)
        counted = cells[first + count + 1].value
        where = f"{COMMITMENTS} sheet, cell {{}} ({code}, {lot})"
        if counted == RATE:
            # Version 3: a framework's rate is one figure, in the Contract figure cell.
            rated = cells[first + count]
            figures = []
            figure = _number(rated.value, where.format(rated.coordinate))
            given = [] if figure is None else [figure]
            complete = figure is not None
        else:
            figures = [
                _number(c.value, where.format(c.coordinate)) for c in cells[first : first + count]
            ]
            given = [f for f in figures if f is not None]
            complete = len(given) == count
            if counted == AVERAGE:
                labels = header[first : first + count]
                figure = average(figures, labels) if complete else None
            else:
                figure = (min(given) if counted == LOWEST else sum(given)) if given else None
        meets = None  # incomplete, or a proposed commitment: judged at evaluation
        if complete and minimum is not None:
            # A level's every year must reach the minimum; a total or a rate is its figure.
            meets = (min(given) if counted == AVERAGE else figure) >= minimum
        elif complete and max(given) == 0:
            meets = False  # 0 in every year is not a commitment
        rows.append(
            {
                "key": key,
                "outcome": values["Outcome"],
                "code": code,
                "title": values["Outcome title"],
                "lot": "" if lot == "Whole contract" else lot,
                "unit": values["Unit"],
                "minimum": minimum,
                "years": figures,
                "figure": figure,
                "complete": complete,
                "meets_minimum": meets,
            }
        )
    if len(rows) != found["rows"] or len({r["key"] for r in rows}) != len(rows):
        raise WorkbookRejected("The Commitments sheet's rows have been added to, removed or copied")
    first = len(leading)
    # A workbook made from a file names the file instead of a stored specification's id.
    found = found | {"specification_id": _stored_id(found["specification_id"])}
    return {
        "format_version": found["format_version"],
        "specification": {
            name: found[name]
            for name in (
                "council",
                "council_name",
                "reference",
                "title",
                "specification_id",
                "specification_updated_at",
                "content_hash",
                "version",
                "issued_on",
            )
        },
        "years": [c.value for c in sheet[HEADER_ROW]][first : first + count],
        "commitments": rows,
    }
