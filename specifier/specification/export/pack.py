"""The ITT pack: one zip of the files a council issues with its tender."""

import datetime
import io
import zipfile


def render(files, created):
    """Zip [(file name, bytes)], each file dated the day the specification was built."""
    day = datetime.date.fromisoformat(created)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as pack:
        for name, data in files:
            entry = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            pack.writestr(entry, data)
    return out.getvalue()
