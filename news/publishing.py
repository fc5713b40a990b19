"""How the admin speaks of an article's publication: its status and its moments, always in
the site's time zone and with the zone named ("5 June 2021 08:00 (Swedish time, CEST)")."""

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

# What a press officer calls the site's zone; another zone is named by its key.
ZONE_NAMES = {"Europe/Stockholm": gettext_lazy("Swedish time")}


def zone_name():
    return str(ZONE_NAMES.get(settings.TIME_ZONE, settings.TIME_ZONE))


def date_and_time(moment):
    """ "5 June 2021 08:00" in the site's zone."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'j F Y')} {formats.time_format(local, 'H:i')}"


def abbreviation(moment):
    """ "CEST" (or "CET" in winter)."""
    return timezone.localtime(moment).tzname()


def with_zone(moment):
    """ "5 June 2021 08:00 (Swedish time, CEST)"."""
    return _("%(moment)s (%(zone)s, %(abbreviation)s)") % {
        "moment": date_and_time(moment),
        "zone": zone_name(),
        "abbreviation": abbreviation(moment),
    }


def short_with_zone(moment):
    """ "5 June 2021 08:00 CEST", for lists."""
    return f"{date_and_time(moment)} {abbreviation(moment)}"


def status_label(article):
    """ "Draft", "Scheduled 5 June 2021 08:00 CEST" or "Published 5 June 2021 08:00 CEST"."""
    match article.status:
        case "draft":
            return pgettext("article", "Draft")
        case "scheduled":
            return _("Scheduled %(moment)s") % {"moment": short_with_zone(article.publish_at)}
        case _status:
            return _("Published %(moment)s") % {"moment": short_with_zone(article.publish_at)}


def saved_message(article):
    """What a save did to the article's publication, in a sentence."""
    match article.status:
        case "draft":
            return _("Saved as a draft: it is not on the site.")
        case "scheduled":
            local = timezone.localtime(article.publish_at)
            return _(
                "Scheduled: it publishes by itself on %(date)s at %(time)s (%(zone)s, "
                "%(abbreviation)s)."
            ) % {
                "date": formats.date_format(local, "j F Y"),
                "time": formats.time_format(local, "H:i"),
                "zone": zone_name(),
                "abbreviation": abbreviation(local),
            }
        case _status:
            return _("Published: it is on the site since %(moment)s.") % {
                "moment": with_zone(article.publish_at)
            }


def person(user):
    """How the admin names a colleague: their byline, else their name, else their login."""
    if user is None:
        return ""
    byline = getattr(getattr(user, "byline", None), "name", "")
    return byline or user.get_full_name() or user.get_username()
