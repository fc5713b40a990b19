from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Season
from standings.importers import too_large


class ResultsUploadForm(forms.Form):
    season = forms.ModelChoiceField(queryset=Season.objects.all(), label=_("Season"))
    file = forms.FileField(
        label=_("Results file"),
        help_text=_("results.csv: round,session,position,number,driver,status,best_lap"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The same cap as the import_results command (settings.RESULTS_FILE_MAX_BYTES).
        if refusal := too_large(upload.name, upload.size):
            raise forms.ValidationError(refusal)
        try:
            self.text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        self.file_name = upload.name
        return upload
