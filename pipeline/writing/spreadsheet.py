"""The curated CSVs as a spreadsheet should open them: curated/spreadsheet/<table>.csv.

The CSVs beside them stay faithful (every value as read). These copies are for Excel, LibreOffice and Google Sheets,
which run a cell that begins with =, +, -, @ (or their full-width forms, or a tab or carriage return) as a formula:
a title such as "=HYPERLINK(…)" or "@SUM(…)" from a hostile page would run on a curator's machine. Such a cell is
written with a leading apostrophe, which shows the text as written and runs nothing (OWASP's advice on CSV
injection). Each file starts with a UTF-8 byte-order mark, without which Excel reads "Mao Zédong" as "Mao ZÃ©dong".
"""

from __future__ import annotations

import pandas as pd

FOLDER = "spreadsheet"
BOM = "\ufeff".encode("utf-8")
# What a spreadsheet takes for the start of a formula.
_FORMULA_START = r"^[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]"


def neutralized(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that a spreadsheet would run as a formula prefixed with an apostrophe."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_string_dtype(column.dtype) or column.dtype == object:
            text = column.astype("string")
            risky = text.str.contains(_FORMULA_START, regex=True, na=False)
            if risky.any():
                out[name] = text.mask(risky, "'" + text)
    return out
