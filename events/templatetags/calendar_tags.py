from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format

from events.countries import country_name, flag

register = template.Library()


@register.filter
def country(code):
    return country_name(code)


@register.filter
def country_flag(code):
    return flag(code)


@register.filter
def lap(milliseconds):
    """104522 -> "1:44.522"; 58301 -> "58.301"."""
    if not milliseconds:
        return ""
    minutes, rest = divmod(int(milliseconds), 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{minutes}:{seconds:02d}.{millis:03d}" if minutes else f"{seconds}.{millis:03d}"


@register.filter
def km(length):
    """A length in kilometres in the page's number format, without trailing zeros:
    Decimal("25.378") -> "25,378 km" in Swedish, "25.378 km" in English; "5.300" -> "5,3 km"."""
    if length is None or length == "":
        return ""
    value = Decimal(length)
    # normalize() alone would write 100 as 1E+2.
    places = max(0, -value.normalize().as_tuple().exponent)
    return f"{number_format(value, decimal_pos=places)}\N{NO-BREAK SPACE}km"


@register.simple_tag
def date_range(first, last):
    """An event's days as one reads them, with an en dash: "3\N{EN DASH}5 juni 2021",
    "30 juni \N{EN DASH} 2 juli 2021", "30 december 2021 \N{EN DASH} 2 januari 2022", or
    one day, "5 juni 2021"."""
    if last is None or last == first:
        return date_format(first, "j F Y")
    if (first.year, first.month) == (last.year, last.month):
        return f"{date_format(first, 'j')}\N{EN DASH}{date_format(last, 'j F Y')}"
    start = date_format(first, "j F" if first.year == last.year else "j F Y")
    return f"{start} \N{EN DASH} {date_format(last, 'j F Y')}"
