"""nginx in front of gunicorn with the site's configuration (deploy/nginx/backman.conf).

As a command, it prints the site's nginx configuration for a server:

    .venv/bin/python -m deploy.proxy --server-name backman.example --listen 443 --listen [::]:443 \\
        --certificate /etc/letsencrypt/live/backman.example/fullchain.pem \\
        --certificate-key /etc/letsencrypt/live/backman.example/privkey.pem \\
        --media-root /srv/backman/media > /etc/nginx/sites-available/backman

As a module, it runs nginx and gunicorn on 127.0.0.1 for `make prod` (deploy/prod_local.py)
and tests/test_proxy.py, from the same file.
"""

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
SITE = BASE / "deploy" / "nginx" / "backman.conf"
LOCAL = BASE / "deploy" / "nginx" / "local.conf"
STATIC_ROOT = BASE / "staticfiles"  # settings.STATIC_ROOT
MEDIA_ROOT = BASE / "var" / "media"  # settings.MEDIA_ROOT unless DJANGO_MEDIA_ROOT is set
TEMP_DIRS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")
STOP_SECONDS = 10
# Debian puts nginx in /usr/sbin, which is not on an ordinary user's PATH.
SBIN = "/usr/local/sbin:/usr/sbin:/sbin"


def find_nginx():
    """The nginx program, on PATH or in an sbin folder; None without one."""
    return shutil.which("nginx") or shutil.which("nginx", path=SBIN)


def fill(template, values):
    """The template's text with each @NAME@ replaced; refuses a template with one left."""
    text = template.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if left:
        raise ValueError(f"{template.name}: no value for {', '.join(left)}")
    return text


# A value nginx takes as one word: no blank, quote, backslash, `$` (a variable in nginx),
# `;`, `{`, `}` or `#`. Paths go between double quotes, so only those are refused in them.
WORD = re.compile(r"[^\s\"'\\$;{}#]+")
PATH = re.compile(r"[^\n\"\\$]+")


def checked(value, pattern, what):
    value = str(value)
    if not pattern.fullmatch(value):
        raise ValueError(f"{what} {value!r} cannot be written into nginx's configuration")
    return value


def site_config(
    *,
    app,
    listen=("127.0.0.1:8080",),
    server_name="localhost",
    static_root=STATIC_ROOT,
    media_root=MEDIA_ROOT,
    certificate=None,
    certificate_key=None,
):
    """deploy/nginx/backman.conf for these addresses and folders; with a certificate, nginx
    terminates TLS on every listen address."""
    if (certificate is None) != (certificate_key is None):
        raise ValueError("give both the certificate and its key, or neither")
    tls = " ssl" if certificate else ""
    lines = [f"listen {checked(address, WORD, 'listen address')}{tls};" for address in listen]
    if certificate:
        lines += [
            f'ssl_certificate "{checked(certificate, PATH, "certificate")}";',
            f'ssl_certificate_key "{checked(certificate_key, PATH, "certificate key")}";',
            "ssl_protocols TLSv1.2 TLSv1.3;",
        ]
    return fill(
        SITE,
        {
            "LISTEN": "\n    ".join(lines),
            "SERVER_NAME": " ".join(
                checked(name, WORD, "server name") for name in server_name.split()
            ),
            "APP": checked(app, WORD, "app address"),
            "STATIC_ROOT": checked(Path(static_root).resolve(), PATH, "static root"),
            "MEDIA_ROOT": checked(Path(media_root).resolve(), PATH, "media root"),
        },
    )


def mime_types():
    """The mime.types file next to nginx's own configuration."""
    out = subprocess.run([find_nginx(), "-V"], capture_output=True, text=True).stderr
    found = re.search(r"--conf-path=(\S+)", out)
    candidates = [Path(found.group(1)).parent / "mime.types"] if found else []
    candidates += [Path("/etc/nginx/mime.types"), Path("/usr/local/etc/nginx/mime.types")]
    for path in candidates:
        if path.exists():
            return path
    raise FileNotFoundError("nginx's mime.types was not found")


def write_local(folder, *, site, access_log="access.log", error_log="error.log"):
    """nginx.conf and site.conf in `folder`, for nginx with every file of its own there
    (logs relative to the folder, or "stderr" and "/dev/stdout"); returns nginx.conf's path."""
    folder = Path(folder).resolve()
    for name in TEMP_DIRS:
        (folder / "temp" / name).mkdir(parents=True, exist_ok=True)
    (folder / "site.conf").write_text(site)
    # Started by root, nginx's workers would run as "nobody", which may not read the
    # checkout; they run as the checkout's owner instead.
    user = ""
    if os.geteuid() == 0:
        owner = BASE.stat()
        user = f"user {_user_name(owner.st_uid)} {_group_name(owner.st_gid)};"
    config = folder / "nginx.conf"
    config.write_text(
        fill(
            LOCAL,
            {
                "PREFIX": checked(folder, PATH, "folder"),
                "USER": user,
                "MIME_TYPES": checked(mime_types(), PATH, "mime.types"),
                "ACCESS_LOG": checked(_log_path(folder, access_log), PATH, "access log"),
                "ERROR_LOG": checked(_log_path(folder, error_log), PATH, "error log"),
                "SITE": folder / "site.conf",
            },
        )
    )
    if user:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, owner.st_uid, owner.st_gid)
    return config


def _log_path(folder, name):
    return name if name in {"stderr", "/dev/stdout", "/dev/stderr"} else folder / name


def _user_name(uid):
    import pwd

    return pwd.getpwuid(uid).pw_name


def _group_name(gid):
    import grp

    return grp.getgrgid(gid).gr_name


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on (at the time of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_config(config):
    """`nginx -t` on the configuration: (ok, nginx's messages)."""
    run = subprocess.run(
        [find_nginx(), "-t", "-q", "-e", "stderr", "-p", str(config.parent), "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return run.returncode == 0, run.stderr


def wait_until_answers(url, process, seconds=60):
    """Wait for `url` to answer (any status) while `process` runs; raise if it does not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server stopped (exit status {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process):
    """Stop a process started in a session of its own (and its children): SIGTERM, then
    SIGKILL after STOP_SECONDS."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)


@contextlib.contextmanager
def gunicorn(env, port, *, workers=2, log=None):
    """gunicorn serving the site on 127.0.0.1:port with `env` until the block ends; its
    access log goes to `log` (a path), if given."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "wtcrsite.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    if log:
        command += ["--access-logfile", str(log)]
    process = subprocess.Popen(command, cwd=BASE, env=env, start_new_session=True)
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", process)
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def nginx(config, port):
    """nginx running `config` (from write_local) until the block ends; `port` is where
    it listens, to know when it is ready."""
    ok, messages = check_config(config)
    if not ok:
        raise RuntimeError(f"nginx refused {config}:\n{messages}")
    process = subprocess.Popen(
        [find_nginx(), "-e", "stderr", "-p", str(config.parent), "-c", str(config)],
        start_new_session=True,
    )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", process)
        yield process
    finally:
        stop(process)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Print the site's nginx configuration (deploy/nginx/backman.conf) for a "
        "server; docs/deploy.md explains it."
    )
    parser.add_argument("--server-name", required=True, help="the site's host names")
    parser.add_argument(
        "--listen",
        action="append",
        help="an address nginx listens on (repeat for several; default 443 with a "
        "certificate, 80 without)",
    )
    parser.add_argument("--app", default="127.0.0.1:8000", help="gunicorn's address")
    parser.add_argument("--static-root", default=STATIC_ROOT, type=Path)
    parser.add_argument("--media-root", default=MEDIA_ROOT, type=Path)
    parser.add_argument("--certificate", help="TLS certificate (full chain) file")
    parser.add_argument("--certificate-key", help="its private key file")
    args = parser.parse_args(argv)
    listen = args.listen or (["443"] if args.certificate else ["80"])
    try:
        text = site_config(
            app=args.app,
            listen=listen,
            server_name=args.server_name,
            static_root=args.static_root,
            media_root=args.media_root,
            certificate=args.certificate,
            certificate_key=args.certificate_key,
        )
    except ValueError as error:
        parser.error(str(error))
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
