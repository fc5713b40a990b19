"""`make prod`: the demo as in production, on this machine.

nginx with the site's configuration (deploy/nginx/backman.conf) listens on
http://127.0.0.1:PORT/ (8080 unless given) in front of gunicorn (2 sync workers, debug
off, DJANGO_BEHIND_PROXY=true) on a free port of 127.0.0.1. nginx serves the collected
static files and the uploads itself; its configuration, pid file and temporary files are
in var/prod/nginx/, its access log is printed here. Ctrl-C stops both.

The Makefile has migrated the database, loaded the demo and collected the static files
before this runs. Settings come from the environment as for gunicorn anywhere, with these
filled in when unset: the development secret key of var/, DJANGO_ALLOWED_HOSTS
127.0.0.1 and localhost; plain HTTP, so no redirect to HTTPS.

    .venv/bin/python -m deploy.prod_local [--port 8080] [--workers 2]
"""

import argparse
import os
import signal
import socket
import sys
import time
from pathlib import Path

from deploy import proxy


def environment():
    env = dict(os.environ)
    env["DJANGO_DEBUG"] = "false"
    env["DJANGO_BEHIND_PROXY"] = "true"
    env["DJANGO_SECURE_SSL_REDIRECT"] = "false"  # plain HTTP on 127.0.0.1
    env.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    if not env.get("DJANGO_SECRET_KEY"):
        key = proxy.BASE / "var" / "dev-secret-key"  # written by `make run`'s settings
        if not key.exists():
            sys.exit("No var/dev-secret-key: run `make prod` (or set DJANGO_SECRET_KEY).")
        env["DJANGO_SECRET_KEY"] = key.read_text().strip()
    return env


def port_is_free(port):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx does
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="where nginx listens")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args(argv)
    if proxy.find_nginx() is None:
        sys.exit("nginx is needed: apt-get install -y nginx-light (or your system's nginx).")
    if not port_is_free(args.port):
        sys.exit(f"Port {args.port} of 127.0.0.1 is in use: try `make prod PORT=8081`.")
    if not (proxy.STATIC_ROOT / "staticfiles.json").exists():
        sys.exit("No collected static files: run `make prod` (it runs collectstatic).")

    env = environment()
    app_port = proxy.free_port()
    site = proxy.site_config(
        app=f"127.0.0.1:{app_port}",
        listen=[f"127.0.0.1:{args.port}"],
        server_name="127.0.0.1 localhost",
        media_root=Path(env.get("DJANGO_MEDIA_ROOT") or proxy.MEDIA_ROOT),
    )
    config = proxy.write_local(
        proxy.BASE / "var" / "prod" / "nginx",
        site=site,
        access_log="/dev/stdout",
        error_log="stderr",
    )
    # Ctrl-C stops both servers, even when started where SIGINT was ignored (in the
    # background); they run in sessions of their own, so only this process hears it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        with (
            proxy.gunicorn(env, app_port, workers=args.workers) as app,
            proxy.nginx(config, args.port) as front,
        ):
            print(
                f"Serving http://127.0.0.1:{args.port}/ through nginx in front of gunicorn, "
                "debug off (Ctrl-C to stop)",
                flush=True,
            )
            while app.poll() is None and front.poll() is None:
                time.sleep(0.5)
            stopped = "gunicorn" if app.poll() is not None else "nginx"
            sys.exit(f"{stopped} stopped; the other is stopped too.")
    except KeyboardInterrupt:
        print("\nStopped nginx and gunicorn.")


if __name__ == "__main__":
    main()
