"""Words the admin shows from packages that ship no Swedish for them: django-axes (sign-in
lockouts), django-simple-history (article and result histories), and the few messages of
Django's admin its Swedish catalogue does not have yet.

Nothing calls this module. It lists their messages exactly as the packages write them, so
that `make messages` keeps them in our catalogue (locale/), where they get their Swedish:
our catalogue (LOCALE_PATHS) is read before any package's, so a message translated here
is translated wherever the package shows it. wtcrsite/tests/test_admin_language.py checks
that the list still matches what the installed packages say.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

AXES = [
    # models: names and fields
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Logout Time"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    # admin
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Form Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    # its own lockout messages (the site answers with its page instead: wtcrsite/admin_pages.py)
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
]

SIMPLE_HISTORY = [
    # what happened to the row
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    # admin
    gettext_noop("View history: %s"),
    gettext_noop("Revert %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    # templates (templates/simple_history/object_history_list.html replaces the list's)
    gettext_noop("This object doesn't have a change history."),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
]

DJANGO = [
    gettext_noop("- Select an option -"),  # an empty choice in a form
    gettext_noop("Recent actions"),  # Django's Swedish capitalises "Senaste Händelser"
    gettext_noop("Filter by %(field_name)s"),  # a list's date links
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count"),
    gettext_noop("Logout"),
    gettext_noop("Administration"),
    gettext_noop('The app "%s" could not be found.'),
]
