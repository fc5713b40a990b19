import json

from django.template import Context, Template


def test_json_ld_cannot_close_its_script_element():
    data = {"name": "</script><script>alert(1)</script>", "note": "<!-- & -->"}
    html = Template("{% load structured_data %}{% json_ld data %}").render(Context({"data": data}))

    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1
    assert "<!--" not in html
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body) == data


def test_no_data_no_block():
    assert Template("{% load structured_data %}{% json_ld None %}").render(Context()) == ""
