import re

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from wtcrsite.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [*site_urlpatterns, *i18n_patterns(path("boom/", boom, name="boom"))]
handler500 = "wtcrsite.views.server_error"


@pytest.mark.urls("wtcrsite.tests.test_errors")
@pytest.mark.parametrize(
    ("url", "title", "advice"),
    [
        ("/en/boom/", "Something went wrong", "Please try again in a minute."),
        ("/sv/boom/", "Något gick fel", "Försök igen om en liten stund."),
    ],
)
def test_500_is_translated_and_shows_no_traceback(client, url, title, advice):
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code == 500
    html = response.content.decode()
    assert re.search(r"<h1>(.*?)</h1>", html).group(1) == title
    assert advice in re.search(r'<p class="lead">(.*?)</p>', html).group(1)
    assert "a bug in a view" not in html
    assert "Traceback" not in html
    assert response["Cache-Control"] == "no-store"
