"""The IBAN layouts of every country in the IBAN registry, for the IBAN recognizer and the proxy's own IBAN readings.

Presidio's table (`presidio_analyzer...iban_patterns.regex_per_country`, 76 countries) predates the registry's later
members (atk11 B M3: a valid Russian, Omani, Mongolian, Salvadoran... IBAN went up unredacted, the recognizer's
country check failing). The registry's layouts (SWIFT IBAN Registry, release 99 and later: the BBAN as counts of
digits `n`, capitals `a` and letters or digits `c`) are added to Presidio's table, in place, in its own form (each
character then an optional space), so the recognizer's validation and `iban_layouts` read them alike.

Outside the registry, Iran (Sheba, `شبا`: every Iranian account has one) and the countries of the African
monetary unions and their neighbours issue mod-97 IBANs too (the "experimental" IBANs of the banks' lists; atk13
L3): `OUTSIDE` adds them the same way, with the same mod-97 check.
"""

from __future__ import annotations

import re

# country: BBAN layout (after the country code and the two check digits)
NEWER: dict[str, str] = {
    "BI": "5n5n11n2n",   # Burundi, 27
    "DJ": "5n5n11n2n",   # Djibouti, 27
    "FK": "2a12n",       # Falkland Islands, 18
    "HN": "4a20n",       # Honduras, 28
    "MN": "4n12n",       # Mongolia, 20
    "NI": "4a20n",       # Nicaragua, 28
    "OM": "3n16c",       # Oman, 23
    "RU": "9n5n15c",     # Russia, 33
    "SD": "2n12n",       # Sudan, 18
    "SO": "4n3n12n",     # Somalia, 23
    "ST": "4n4n11n2n",   # Sao Tome and Principe, 25
    "SV": "4a20n",       # El Salvador, 28
    "YE": "4a4n18c",     # Yemen, 30
}
# country: BBAN layout, IBANs issued outside the SWIFT registry (lengths as the banks' lists give them)
OUTSIDE: dict[str, str] = {
    "AO": "21n",         # Angola, 25
    "BF": "2c22n",       # Burkina Faso, 28 (`BF42BF0840101300463574000390`)
    "BJ": "2c22n",       # Benin, 28
    "CF": "23n",         # Central African Republic, 27
    "CG": "23n",         # Congo, 27
    "CI": "2c22n",       # Cote d'Ivoire, 28
    "CM": "23n",         # Cameroon, 27
    "CV": "21n",         # Cape Verde, 25
    "DZ": "22n",         # Algeria, 26
    "GA": "23n",         # Gabon, 27
    "GQ": "23n",         # Equatorial Guinea, 27
    "GW": "2c19n",       # Guinea-Bissau, 25
    "IR": "22n",         # Iran, 26 (Sheba: `IR06 2960 0000 0010 0324 2000 01`)
    "KM": "23n",         # Comoros, 27
    "MA": "24n",         # Morocco, 28
    "MG": "23n",         # Madagascar, 27
    "ML": "2c22n",       # Mali, 28
    "MZ": "21n",         # Mozambique, 25
    "NE": "2c22n",       # Niger, 28
    "SN": "2c22n",       # Senegal, 28
    "TD": "23n",         # Chad, 27
    "TG": "2c22n",       # Togo, 28
}
_CLASS = {"n": "[0-9]", "a": "[A-Z]", "c": "[a-zA-Z0-9]"}
_PART = re.compile(r"([0-9]+)([nac])")


def _regex(country: str, layout: str) -> str:
    parts = "".join(f"({_CLASS[kind]}[ ]?){{{count}}}" for count, kind in _PART.findall(layout))
    return f"({country})[0-9]{{2}}[ ]?{parts}"


def regex_per_country() -> dict[str, str]:
    """Presidio's table with the registry's later countries and those outside it added (once; the same dict
    object)."""
    from proxy.nlp.warm33 import presidio_table

    table = presidio_table()  # Presidio's own dict where Presidio is loaded (warm33: else without importing it)
    for country, layout in (NEWER | OUTSIDE).items():
        table.setdefault(country, _regex(country, layout))
    return table
