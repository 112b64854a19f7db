"""Text that is safe in a spreadsheet: a cell whose text begins with `=`, `+`, `-`, `@`, a tab or a
carriage return would be read as a formula by Excel, LibreOffice or Google Sheets, and could run it
(CSV injection). Such a cell is written with a `'` in front, as OWASP recommends; reading a file back
removes it, so an export imported again changes nothing. A number (`-40.5`) is left as it is.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def neutralised(value):
    """`value` as a spreadsheet cell: a text a spreadsheet would run, with a `'` in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def restored(value):
    """A cell read back from a file: the text that `neutralised()` wrote it from."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
