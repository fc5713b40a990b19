import datetime as dt

from django import forms
from django.forms.fields import BaseTemporalField
from django.forms.models import BaseInlineFormSet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from events.models import Session


class WallClockField(forms.DateTimeField):
    """A date-time as typed, not read through the server's own time zone."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        return BaseTemporalField.to_python(self, value.strip())


def _track_time_field(label, help_text):
    return WallClockField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=help_text,
    )


def zone_of(event):
    """The time zone of the event's circuit, or None when it has none (yet)."""
    if event is None or event.circuit_id is None:
        return None
    return event.circuit.zone


def _local(moment, zone):
    return moment.astimezone(zone).replace(tzinfo=None)


class SessionForm(forms.ModelForm):
    """A session's start (and "finished by") entered and shown in the local time of its
    event's circuit, stored in UTC.

    On the event's own page (`SessionFormSet`), the circuit is the one chosen on that page,
    also when it is being added or changed: the times typed are track times there. On the
    session's page it is the circuit of the event chosen in the form."""

    local_start = _track_time_field(
        _("starts (track time)"), _("Local time at the circuit. Leave empty when not known.")
    )
    local_finished_by = _track_time_field(
        _("finished by (track time)"),
        _(
            "Only when the start time is not known: the local time at the circuit by which "
            "the session had finished. Its results are shown from then on."
        ),
    )

    class Meta:
        model = Session
        fields = [
            "event",
            "code",
            "start_date",
            "local_start",
            "duration_min",
            "local_finished_by",
        ]

    def __init__(self, *args, parent=None, shown_zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        stored = self.instance.event if self.instance.event_id else None
        # The zone the times on the page were shown in (the stored circuit's).
        self.shown_zone = shown_zone if parent is not None else zone_of(stored)
        if self.shown_zone is not None:
            for name, moment in (
                ("local_start", self.instance.starts_at),
                ("local_finished_by", self.instance.finished_by),
            ):
                if moment is not None and name in self.fields:
                    self.initial[name] = _local(moment, self.shown_zone)

    # The event whose circuit's time the form is in -----------------------------------

    def _event(self):
        if self.parent is not None:
            return self.parent
        if "event" in getattr(self, "cleaned_data", {}):
            return self.cleaned_data["event"]
        if "event" in self.fields and self.is_bound:
            try:
                return self.fields["event"].clean(self["event"].data)
            except forms.ValidationError:
                return None
        return self.instance.event if self.instance.event_id else None

    def _zone(self):
        return zone_of(self._event())

    def _zone_moved(self):
        zone = self._zone()
        return zone is not None and self.shown_zone is not None and zone.key != self.shown_zone.key

    @property
    def changed_data(self):
        changed = forms.ModelForm.changed_data.func(self)
        if self.is_bound and self._zone_moved():
            # The times shown were the old circuit's: typed again unchanged, they are the
            # new circuit's now.
            for name in ("local_start", "local_finished_by"):
                if name in self.fields and name not in changed and self[name].data:
                    changed.append(name)
        return changed

    # Cleaning ----------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        event = self._event()
        zone = zone_of(event)
        local = cleaned.get("local_start")
        finished = cleaned.get("local_finished_by")
        self._starts_at = self._finished_by = None
        if (local or finished) and zone is None:
            self.add_error(
                "local_start" if local else "local_finished_by",
                _("Choose the event's circuit: session times are read in its local time."),
            )
            return cleaned
        if local is not None:
            self._starts_at = self._utc("local_start", local, zone)
            cleaned["start_date"] = local.date()
        if finished is not None:
            if local is not None:
                self.add_error(
                    "local_finished_by",
                    _("Leave “finished by” empty when the start time is known."),
                )
            else:
                self._finished_by = self._utc("local_finished_by", finished, zone)
                day = cleaned.get("start_date")
                if day is not None and not _within(finished, day, day):
                    self.add_error(
                        "local_finished_by",
                        _("“Finished by” must be within the session's day, %(day)s.")
                        % {"day": formats.date_format(day, "j F Y")},
                    )
        self._check_day(event, cleaned.get("start_date"))
        return cleaned

    def _utc(self, name, wall, zone):
        utc = wall.replace(tzinfo=zone).astimezone(dt.UTC)
        if _local(utc, zone) != wall:
            self.add_error(name, _("This time does not exist at the circuit (clocks go forward)."))
            return None
        return utc

    def _check_day(self, event, day):
        if event is None or day is None or event.start_date is None or event.end_date is None:
            return
        if not isinstance(event.start_date, dt.date) or not isinstance(event.end_date, dt.date):
            return
        if event.start_date <= day <= event.end_date:
            return
        self.add_error(
            "local_start" if self.cleaned_data.get("local_start") else "start_date",
            _(
                "%(day)s is not one of the event's days (%(first)s to %(last)s). Change the "
                "session's day, or empty it while the new timetable is not known."
            )
            % {
                "day": formats.date_format(day, "j F Y"),
                "first": formats.date_format(event.start_date, "j F Y"),
                "last": formats.date_format(event.end_date, "j F Y"),
            },
        )

    def save(self, commit=True):
        if "local_start" in self.fields:
            self.instance.starts_at = self._starts_at
        if "local_finished_by" in self.fields:
            self.instance.finished_by = self._finished_by
        return super().save(commit)


def _within(moment, first, last):
    """Whether a local date-time is after `first`'s midnight and by the end of `last`."""
    return (
        dt.datetime.combine(first, dt.time())
        < moment
        <= dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    )


class SessionRowForm(SessionForm):
    """A session as a row of its event's page: its "finished by" is on its own page only
    (a field a form does not have, it does not write)."""

    local_finished_by = None

    class Meta(SessionForm.Meta):
        fields = ["event", "code", "start_date", "local_start", "duration_min"]


class SessionFormSet(BaseInlineFormSet):
    """The sessions on their event's page: their times are in the local time of the circuit
    chosen on that page (`shown_zone`: the one they were shown in)."""

    shown_zone = None

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "parent": self.instance,
            "shown_zone": self.shown_zone,
        }
