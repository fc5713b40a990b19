"""Country names and flags from the calendar's three-letter codes, without a third party."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = {
    "ARG": ("AR", _("Argentina")),
    "BEL": ("BE", _("Belgium")),
    "CHN": ("CN", _("China")),
    "CZE": ("CZ", _("Czech Republic")),
    "DEU": ("DE", _("Germany")),
    "ESP": ("ES", _("Spain")),
    "FRA": ("FR", _("France")),
    "GBR": ("GB", _("United Kingdom")),
    "HUN": ("HU", _("Hungary")),
    "ITA": ("IT", _("Italy")),
    "KOR": ("KR", _("South Korea")),
    "MAC": ("MO", _("Macau")),
    "NLD": ("NL", _("Netherlands")),
    "PRT": ("PT", _("Portugal")),
    "RUS": ("RU", _("Russia")),
    "SWE": ("SE", _("Sweden")),
    "URY": ("UY", _("Uruguay")),
}


def country_name(code):
    return COUNTRIES[code][1] if code in COUNTRIES else code


def flag(code):
    """The flag emoji of a country, from its two-letter code's regional indicators."""
    if code not in COUNTRIES:
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in COUNTRIES[code][0])
