"""Download file names: the contract's reference and title, safe on any operating system."""

import re
import unicodedata

# Characters Windows, macOS or Linux refuse or read specially in a file name, and controls.
UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
# Most file systems allow 255 bytes; stay well inside, leaving room for "(1)" and the like.
MAX_BYTES = 180

SPECIFICATION = "social value specification"
RESPONSE_FORM = "social value response form"
WORKBOOK = "social value commitments"
OCDS = "OCDS release"
PACK = "social value ITT pack"


def _clean(text):
    text = unicodedata.normalize("NFC", str(text or ""))
    return " ".join(UNSAFE.sub(" ", text).split()).strip(". ")


def _cut(text, limit):
    """Shorten text to `limit` bytes of UTF-8 without splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore").rstrip(". ")


def file_name(doc, what, suffix):
    """Name a download, like 'HC-2026-014 Household waste collection - social value specification.docx'.

    A contract without a reference is named by the council and title instead. The " - what"
    tail also keeps a name off the device names Windows reserves (CON, NUL...).
    """
    procurement = doc.procurement
    lead = _clean(procurement.get("reference")) or _clean(doc.council["name"])
    tail = f" - {what}.{suffix}"
    stem = _cut(" ".join(p for p in (lead, _clean(procurement["title"])) if p), MAX_BYTES)
    return (stem or "Contract") + tail
