"""Parts of the calendar's pages that other apps compute: the event page's results come
from the standings app, which registers them here from its `AppConfig.ready`. Events
never imports the apps that depend on it."""

_sections = {}


def add_section(name, function):
    """`function(request, *, event, sessions)` -> context for the event page; `sessions`
    are those of the event that had ended by the page's moment, in weekend order."""
    _sections[name] = function


def event_sections(request, *, event, sessions):
    context = {}
    for function in _sections.values():
        context.update(function(request, event=event, sessions=sessions))
    return context
