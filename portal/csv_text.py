"""The text of an uploaded CSV file, in the encodings spreadsheets write.

Excel saves "CSV UTF-8" with a byte-order mark, "Unicode text" as UTF-16 (with its mark),
and plain "CSV" on Chinese Windows in the system code page, GBK; GB18030 is the superset
of GBK every Chinese system reads. So: a byte-order mark decides; otherwise UTF-8, and
bytes that are not UTF-8 are read as GB18030.
"""

from __future__ import annotations

import codecs

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_csv(content: bytes) -> str | None:
    """The file's text, or None when it is in none of these encodings."""
    for bom, encoding in BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # UTF-16 without its mark decodes to NULs: not text
            return text
    return None
