from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.models import Season
from standings.batches import Line
from standings.classification import MAX_POSITION, check_lines, entry_label
from standings.importers import too_large
from standings.laps import LapError, format_lap, parse_lap
from standings.models import SessionResult


class LapTimeInput(forms.TextInput):
    """Shows a lap stored in milliseconds as 1:44.522."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "inputmode": "decimal",
                "autocomplete": "off",
                "size": 9,
                "maxlength": 20,
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, int):
            return format_lap(value)
        return super().format_value(value)


class LapTimeField(forms.Field):
    """A lap typed as 1:44.522 (or 104.522, 1.44,522), cleaned to milliseconds."""

    widget = LapTimeInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("best lap"))
        kwargs.setdefault("help_text", _("Minutes, seconds and thousandths, e.g. 1:44.522."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_lap(value) if isinstance(value, int) else value

    def to_python(self, value):
        if isinstance(value, int):
            return value
        try:
            return parse_lap(str(value or "")[:40])
        except LapError as error:
            raise forms.ValidationError(str(error), code="lap") from None

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True


class SessionResultForm(forms.ModelForm):
    best_lap_ms = LapTimeField()

    class Meta:
        model = SessionResult
        fields = ["session", "entry", "position", "status", "best_lap_ms"]


class ResultsUploadForm(forms.Form):
    season = forms.ModelChoiceField(queryset=Season.objects.all(), label=_("Season"))
    file = forms.FileField(
        label=_("Results file"),
        help_text=_("results.csv: round,session,position,number,driver,status,best_lap"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_name, self.text = read_upload(upload)
        return upload


def read_upload(upload):
    """(name, text) of an uploaded results file, or a ValidationError: over the size cap
    (settings.RESULTS_FILE_MAX_BYTES, as for the import_results command), not UTF-8."""
    if refusal := too_large(upload.name, upload.size):
        raise forms.ValidationError(refusal)
    try:
        return upload.name, upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class ClassificationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Classification file"),
        help_text=_(
            "A CSV file whose first line names the columns: position, number, status, best_lap "
            "(driver may be added). Status: classified, DNF, NC, DNS, DSQ, DNQ, EX or WD."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_name, self.text = read_upload(upload)
        return upload


class ClassificationRowForm(forms.Form):
    """One car of a typed classification; a row with no car is left out."""

    position = forms.IntegerField(
        label=_("position"),
        required=False,
        min_value=1,
        max_value=MAX_POSITION,
        widget=forms.NumberInput(attrs={"class": "vIntegerField results-position"}),
    )
    entry = forms.TypedChoiceField(label=_("car"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("status"),
        choices=SessionResult.Status.choices,
        initial=SessionResult.Status.CLASSIFIED,
    )
    best_lap_ms = LapTimeField(help_text="")

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("(no car)"))] + [
            (entry.pk, entry_label(entry)) for entry in entries
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        entry, position, status = data.get("entry"), data.get("position"), data.get("status")
        classified = status == SessionResult.Status.CLASSIFIED
        if entry is None:
            if position is not None or data.get("best_lap_ms") is not None:
                self.add_error("entry", _("Choose the car."))
            return data
        if classified and position is None:
            self.add_error("position", _("A classified car needs a position."))
        elif not classified and position is not None:
            self.add_error(
                "position",
                _("A car that is not classified has no position: leave it empty."),
            )
        return data

    def line(self):
        """The row as a Line, or None for a row with no car."""
        data = self.cleaned_data
        if not data or data.get("entry") is None:
            return None
        return Line(data["entry"], data.get("position"), data["status"], data.get("best_lap_ms"))


class BaseClassificationFormSet(forms.BaseFormSet):
    def __init__(self, *args, entries=(), **kwargs):
        self.entries = list(entries)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "entries": self.entries}

    def clean(self):
        if any(self.errors):
            return
        rows = [(index, form.line()) for index, form in enumerate(self.forms)]
        rows = [(index, line) for index, line in rows if line is not None]
        found = check_lines([line for _i, line in rows], [i + 1 for i, _l in rows])
        for at, field, message in found:
            self.forms[rows[at][0]].add_error(field, capfirst(message))

    def lines(self):
        return [line for form in self.forms if (line := form.line()) is not None]


ClassificationFormSet = forms.formset_factory(
    ClassificationRowForm,
    formset=BaseClassificationFormSet,
    extra=0,
    max_num=MAX_POSITION,
    absolute_max=MAX_POSITION,
    validate_max=True,
)
