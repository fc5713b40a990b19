"""The site's WSGI application with a bare-response floor, for bench/run.py only.

    gunicorn bench.wsgi:application     (from the project folder)

GET /__floor__ answers a bare `HttpResponse(b"ok")`, turned into status, headers and body
the way Django's WSGIHandler does, without a request object, URL resolving or any
middleware: what the server, the WSGI round trip and one Django response cost, the floor
that bench/run.py measures each page against. Every other path goes to
`wtcrsite.wsgi.application`, the site as gunicorn serves it in production.
"""

from django.http import HttpResponse

from wtcrsite.wsgi import application as site

FLOOR = "/__floor__"


def application(environ, start_response):
    if environ.get("PATH_INFO") != FLOOR:
        return site(environ, start_response)
    response = HttpResponse(b"ok")
    status = f"{response.status_code} {response.reason_phrase}"
    headers = [
        *response.items(),
        *(("Set-Cookie", cookie.OutputString()) for cookie in response.cookies.values()),
    ]
    start_response(status, headers)
    return response
