from django import template

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
