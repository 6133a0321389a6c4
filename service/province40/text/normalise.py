"""Normalise what people type: Unicode NFC, and Thai digits (๐–๙) read as Arabic digits (0–9).

>>> normalise_input("TH-๘๔")
'TH-84'
>>> normalise_input("  ท่องเที่ยว ") == "ท่องเที่ยว"
True
"""

from __future__ import annotations

import unicodedata

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")


def arabic_digits(text: str) -> str:
    """``text`` with every Thai digit replaced by its Arabic digit (same length, same positions)."""
    return text.translate(_TO_ARABIC)


def normalise_input(text: str) -> str:
    """NFC, Arabic digits, surrounding white space removed: how every parameter and search is read."""
    return arabic_digits(unicodedata.normalize("NFC", text)).strip()
