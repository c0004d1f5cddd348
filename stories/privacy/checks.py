"""Check digits of the identity numbers Presidio has no recogniser for, named from recognisers.toml.

A shape alone would take any nine digits for a Dutch BSN, including a phone number; with the
check, about one such number in eleven passes, and a real BSN always does.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def _digits(text: str) -> list[int]:
    return [int(c) for c in re.sub(r"\D", "", text)]


def bsn(text: str) -> bool:
    """Dutch burgerservicenummer: the "elfproef", 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11."""
    d = _digits(text)
    if len(d) != 9:
        return False
    total = sum(w * x for w, x in zip(range(9, 1, -1), d[:8], strict=True)) - d[8]
    return total % 11 == 0 and total != 0


def isikukood(text: str) -> bool:
    """Estonian isikukood: two weightings mod 11 give the last digit (10 after both becomes 0)."""
    d = _digits(text)
    if len(d) != 11:
        return False
    for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 1), (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)):
        check = sum(w * x for w, x in zip(weights, d[:10], strict=True)) % 11
        if check != 10:
            return check == d[10]
    return d[10] == 0


def iban(text: str) -> bool:
    """ISO 13616: the country and check digits moved to the end, letters as 10..35, mod 97 is 1."""
    code = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    if not 15 <= len(code) <= 34:
        return False
    return int("".join(str(int(c, 36)) for c in code[4:] + code[:4])) % 97 == 1


#: Names usable as `check = "..."` in recognisers.toml's [ids].
CHECKS: dict[str, Callable[[str], bool]] = {"bsn": bsn, "isikukood": isikukood, "iban": iban}
