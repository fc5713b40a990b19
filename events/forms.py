import datetime as dt

from django import forms
from django.forms.fields import BaseTemporalField
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


class SessionForm(forms.ModelForm):
    """A session's start entered and shown in the circuit's local time, stored in UTC."""

    local_start = WallClockField(
        label=_("starts (track time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Local time at the circuit. Leave empty when not known."),
    )

    class Meta:
        model = Session
        fields = ["code", "start_date", "local_start", "duration_min"]

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        if self.instance.starts_at and zone:
            local = self.instance.starts_at.astimezone(zone).replace(tzinfo=None)
            self.initial["local_start"] = local

    def clean(self):
        cleaned = super().clean()
        local = cleaned.get("local_start")
        if local is None or self.zone is None:
            cleaned["starts_at"] = None
            return cleaned
        wall = local
        aware = wall.replace(tzinfo=self.zone)
        utc = aware.astimezone(dt.UTC)
        if utc.astimezone(self.zone).replace(tzinfo=None) != wall:
            self.add_error(
                "local_start", _("This time does not exist at the circuit (clocks go forward).")
            )
            return cleaned
        cleaned["starts_at"] = utc
        cleaned["start_date"] = wall.date()
        return cleaned

    def save(self, commit=True):
        self.instance.starts_at = self.cleaned_data.get("starts_at")
        if self.cleaned_data.get("start_date"):
            self.instance.start_date = self.cleaned_data["start_date"]
        return super().save(commit)
