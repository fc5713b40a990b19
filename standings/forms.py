from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Season

MAX_RESULTS_FILE_BYTES = 1024 * 1024


class ResultsUploadForm(forms.Form):
    season = forms.ModelChoiceField(queryset=Season.objects.all(), label=_("Season"))
    file = forms.FileField(
        label=_("Results file"),
        help_text=_("results.csv: round,session,position,number,driver,status,best_lap"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RESULTS_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            self.text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        self.file_name = upload.name
        return upload
