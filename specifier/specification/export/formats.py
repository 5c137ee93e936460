"""Every file a specification is exported as: how each is made, its media type and its name.

One table for the download route and `flask generate-spec`, so both offer the same files.
"""

from collections.abc import Callable
from dataclasses import dataclass

from specifier.specification.export import html_page, names, ocds, pack

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the ITT pack holds: the specification in Word and HTML, the response form, the
# commitments workbook and the OCDS release.
PACKED = ("docx", "html", "response", "workbook", "ocds")


@dataclass(frozen=True)
class Format:
    """One export: what it is (for its file name), its suffix, media type and renderer."""

    what: str
    suffix: str
    mimetype: str
    render: Callable  # (doc, issue, ocds_prefix) -> bytes

    def file_name(self, doc):
        return names.file_name(doc, self.what, self.suffix)


# The Word and Excel renderers import python-docx and openpyxl (about 100 ms) when first used,
# so `flask match` and every other command that never exports does not pay for them.
def _word(doc, issue, prefix):
    from specifier.specification.export import word

    return word.render(doc, issue)


def _response_form(doc, issue, prefix):
    from specifier.specification.export import response_form

    return response_form.render(doc, issue)


def _workbook(doc, issue, prefix):
    from specifier.specification.export import workbook

    return workbook.render(doc, issue)


def _pack(doc, issue, prefix):
    files = [(FORMATS[k].file_name(doc), FORMATS[k].render(doc, issue, prefix)) for k in PACKED]
    return pack.render(files, doc.created)


FORMATS = {
    "docx": Format(names.SPECIFICATION, "docx", DOCX, _word),
    "html": Format(
        names.SPECIFICATION, "html", "text/html", lambda d, i, p: html_page.render(d).encode()
    ),
    "ocds": Format(
        names.OCDS, "json", "application/json", lambda d, i, p: ocds.package(d, prefix=p).encode()
    ),
    "response": Format(names.RESPONSE_FORM, "docx", DOCX, _response_form),
    "workbook": Format(names.WORKBOOK, "xlsx", XLSX, _workbook),
    "pack": Format(names.PACK, "zip", "application/zip", _pack),
}
