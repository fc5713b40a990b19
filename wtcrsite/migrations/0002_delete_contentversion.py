from django.db import migrations


class Migration(migrations.Migration):
    """The one content token gave way to one version per content area (delivery)."""

    dependencies = [("wtcrsite", "0001_content_version")]

    operations = [migrations.DeleteModel(name="ContentVersion")]
