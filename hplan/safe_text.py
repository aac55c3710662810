"""Text from outside (file names above all) made safe to write and to print.

A POSIX file name is any bytes; Python hands the ones that are not UTF-8 over as lone
surrogates (``surrogateescape``), which CSV, Parquet and DuckDB cannot store and which
make ``print`` raise. A name may also hold a newline, which would split a one-line
message in two.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls and the Unicode line and paragraph separators: anything that
# breaks a line or moves the cursor.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def valid_utf8(text: str) -> str:
    """``text`` with each byte that was not UTF-8 written as ``\\xNN`` (valid Unicode)."""
    if text.isascii():
        return text
    return _SURROGATE.sub(_escape_surrogate, text)


def printable(text: str) -> str:
    """``text`` as one line of valid UTF-8: bad bytes and control characters escaped."""
    return _CONTROL.sub(_escape_control, valid_utf8(text))
