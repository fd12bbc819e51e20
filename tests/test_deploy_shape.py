"""The production shape (docker-compose.yml, deploy/nginx/): nginx in front terminates TLS, limits and buffers
request bodies and is the only service the host reaches; gunicorn publishes no port. Docker does not run in
the tests: the compose file is read as YAML against the settings, and the nginx configuration is checked by
nginx itself and run in front of a small upstream that records what reaches it."""

import datetime
import http.server
import importlib
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.conftest import skip_or_fail

REPO = Path(settings.BASE_DIR)
NGINX = REPO / "deploy" / "nginx"
TEMPLATE = NGINX / "templates" / "default.conf.template"
MB = 1024 * 1024


def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def default_of(value: str) -> str:
    """'${NAME:-default}' → 'default'."""
    match = re.fullmatch(r"\$\{(\w+):-([^}]*)\}", value)
    assert match, value
    return match.group(2)


def mounts_of(service: dict) -> dict[str, str]:
    """{target: source} of a service's volumes ("source:target[:ro]"; a source may be ${VAR:-default})."""
    mounts = {}
    for volume in service["volumes"]:
        volume = volume.removesuffix(":ro").removesuffix(":rw")
        source, target = volume.rsplit(":", 1)
        mounts[target] = source
    return mounts


# --- docker-compose.yml ----------------------------------------------------------------------------------------


def test_nginx_is_in_front_and_the_only_service_the_host_reaches():
    services = compose()["services"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert sorted(proxy["ports"]) == ["443:443", "80:80"]
    assert "ports" not in services["web"]  # gunicorn: only inside the compose network
    for name, service in services.items():
        if name not in {"proxy", "mailpit"}:
            assert "ports" not in service, name
    assert all(port.startswith("127.0.0.1:") for port in services["mailpit"]["ports"])
    assert "web" in proxy["depends_on"]
    assert "0.0.0.0:8000" in services["web"]["command"]  # what nginx's proxy_pass reaches (web:8000)
    assert "http://web:8000" in TEMPLATE.read_text()


def test_nginx_gets_its_configuration_certificates_and_the_static_files():
    services = compose()["services"]
    mounts = mounts_of(services["proxy"])
    assert mounts["/etc/nginx/templates"] == "./deploy/nginx/templates"
    assert mounts["/docker-entrypoint.d/15-body-limit.envsh"] == "./deploy/nginx/body-limit.envsh"
    assert mounts["/usr/share/nginx/errors"] == "./deploy/nginx/errors"
    assert mounts["/etc/nginx/certs"] == "${TLS_CERT_DIR:-./deploy/nginx/certs}"
    assert mounts["/srv/static"] == "static"
    web = mounts_of(services["web"])
    assert web["/srv/static"] == "static" and "cp -a /app/var/static/. /srv/static/" in services["web"]["command"]
    assert web["/app/media"] == "media"  # kept beside it (a service's volumes replace the anchor's)
    assert {"static", "media"} <= set(compose()["volumes"])
    assert (NGINX / "errors" / "413.html").is_file()
    assert "Unggahan terlalu besar" in (NGINX / "errors" / "413.html").read_text()


def test_the_body_limit_is_the_same_for_nginx_and_django():
    services = compose()["services"]
    web, proxy = services["web"]["environment"], services["proxy"]["environment"]
    for name in ("ATTACHMENT_MAX_MB", "REQUEST_BODY_MAX_MB"):
        assert web[name] == proxy[name], name  # one anchor (x-body-limits) for both
    assert int(default_of(web["ATTACHMENT_MAX_MB"])) == settings.ATTACHMENT_MAX_MB
    assert default_of(web["REQUEST_BODY_MAX_MB"]) == ""  # computed alike (tests/romantik/test_request_limits.py)
    assert proxy["NGINX_ENVSUBST_FILTER"] == "REQUEST_BODY_MAX_MB"
    assert "client_max_body_size ${REQUEST_BODY_MAX_MB}m;" in TEMPLATE.read_text()


def test_django_behind_the_proxy_trusts_its_scheme_and_sends_cookies_over_https_only():
    environment = compose()["services"]["web"]["environment"]
    for name in ("BEHIND_PROXY", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"):
        assert default_of(environment[name]) == "true", name
    assert default_of(environment["TRUSTED_PROXY_COUNT"]) == "1"  # nginx appends the client to X-Forwarded-For
    assert default_of(environment["SITE_URL"]).startswith("https://")
    assert environment["ACCOUNT_DEFAULT_HTTP_PROTOCOL"] == "https"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    # The health check asks as nginx does (HTTPS, an allowed host), or the redirect would fail it.
    check = " ".join(compose()["services"]["web"]["healthcheck"]["test"])
    assert "X-Forwarded-Proto" in check and "ALLOWED_HOSTS" in check


def test_the_nginx_configuration_says_what_the_shape_needs():
    text = TEMPLATE.read_text()
    for directive in (
        "listen 443 ssl",
        "ssl_certificate /etc/nginx/certs/fullchain.pem;",
        "ssl_certificate_key /etc/nginx/certs/privkey.pem;",
        "return 301 https://$host$request_uri;",
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "client_body_timeout",
        "send_timeout",
        "proxy_set_header Host $host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "error_page 413 /errors/413.html;",
        "location /static/",
    ):
        assert directive in text, directive
    assert "/media/" not in text  # uploads only through Django's permission checks


# --- nginx itself ----------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _self_signed(folder: Path) -> None:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    (folder / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


def _nginx_version(nginx: str) -> tuple[int, ...]:
    out = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr
    return tuple(int(n) for n in re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", out).groups())


def _rendered(tmp: Path, *, http_port: int, https_port: int, upstream_port: int, nginx: str) -> Path:
    """The template as the nginx image renders it (body-limit.envsh, then envsubst), with this machine's paths
    and ports in place of the container's; a main nginx.conf around it."""
    rendered = subprocess.run(
        ["sh", "-c", f'. "{NGINX / "body-limit.envsh"}"; echo "$REQUEST_BODY_MAX_MB"'],
        env={"PATH": os.environ["PATH"], "ATTACHMENT_MAX_MB": str(settings.ATTACHMENT_MAX_MB)},
        capture_output=True,
        text=True,
        check=True,
    )
    limit = rendered.stdout.strip()
    text = TEMPLATE.read_text().replace("${REQUEST_BODY_MAX_MB}", limit)
    assert "${" not in text
    for old, new in (
        ("listen 80 default_server", f"listen 127.0.0.1:{http_port} default_server"),
        ("listen 443 ssl default_server", f"listen 127.0.0.1:{https_port} ssl default_server"),
        ("/etc/nginx/certs/", f"{tmp}/certs/"),
        ("root /usr/share/nginx;", f"root {tmp};"),
        ("root /srv;", f"root {tmp}/srv;"),
        ("http://web:8000", f"http://127.0.0.1:{upstream_port}"),
        ("/var/log/nginx/access.log romantik_no_query", f"{tmp}/site-access.log romantik_no_query"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    if _nginx_version(nginx) < (1, 25, 1):  # `http2 on;` is newer than this machine's nginx (the image has 1.27)
        text = text.replace("    http2 on;\n", "")
    (tmp / "certs").mkdir()
    _self_signed(tmp / "certs")
    shutil.copytree(NGINX / "errors", tmp / "errors")
    (tmp / "srv" / "static" / "css").mkdir(parents=True)
    (tmp / "srv" / "static" / "css" / "site.css").write_text("body{}")
    (tmp / "site.conf").write_text(text)
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    main = tmp / "nginx.conf"
    # Run as root (the test as root), nginx's workers would be "nobody", who cannot read pytest's private tmp_path.
    user = "user root;" if os.geteuid() == 0 else ""
    main.write_text(
        f"{user} worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log; daemon off;\n"
        "events { worker_connections 64; }\n"
        f"http {{ {mime} access_log {tmp}/access.log; client_body_temp_path {tmp}/body; "
        f"proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/f; uwsgi_temp_path {tmp}/u; scgi_temp_path {tmp}/s;\n"
        f"include {tmp}/site.conf; }}\n"
    )
    return main


class Upstream(http.server.ThreadingHTTPServer):
    """Stands in for gunicorn: records each request's headers and body length."""

    def __init__(self):
        self.seen = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.seen.append({"path": self.path, "headers": dict(self.headers), "body": len(body)})
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture
def nginx(tmp_path):
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not binary:
        skip_or_fail("nginx is not installed (apt-get install nginx-light)")
    return binary


def test_nginx_accepts_the_configuration(nginx, tmp_path):
    main = _rendered(tmp_path, http_port=_free_port(), https_port=_free_port(), upstream_port=8000, nginx=nginx)
    result = subprocess.run([nginx, "-t", "-c", str(main), "-p", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_nginx_redirects_limits_buffers_and_forwards(nginx, tmp_path):
    upstream = Upstream()
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    http_port, https_port = _free_port(), _free_port()
    main = _rendered(
        tmp_path, http_port=http_port, https_port=https_port, upstream_port=upstream.server_address[1], nginx=nginx
    )
    process = subprocess.Popen([nginx, "-c", str(main), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        insecure = ssl.create_default_context()
        insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
        https = f"https://127.0.0.1:{https_port}"

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"http://127.0.0.1:{http_port}/kantor/6202/?a=1")
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"] == "https://127.0.0.1/kantor/6202/?a=1"
        assert upstream.seen == []  # plain HTTP never reaches gunicorn

        spoofed = urllib.request.Request(f"{https}/mulai/", headers={"X-Forwarded-Proto": "http"})
        assert urllib.request.urlopen(spoofed, context=insecure).read() == b"ok"
        headers = upstream.seen[-1]["headers"]
        assert headers["X-Forwarded-Proto"] == "https"  # what the client sent is replaced
        assert headers["X-Forwarded-For"].split(",")[-1].strip() == "127.0.0.1"
        assert headers["Host"] == "127.0.0.1"

        # Over the limit: refused from the Content-Length, gunicorn never sees it, the page is Indonesian.
        too_large = settings.REQUEST_BODY_MAX_BYTES + 1
        with socket.create_connection(("127.0.0.1", https_port)) as raw:
            with insecure.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(
                    f"POST /pengaduan/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: {too_large}\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n".encode()
                )
                answer = tls.recv(65536).decode(errors="replace")
        assert answer.startswith("HTTP/1.1 413"), answer[:200]
        assert "Unggahan terlalu besar" in answer
        assert [seen["path"] for seen in upstream.seen] == ["/mulai/"]

        # Within the limit, even sent in pieces (chunked): nginx receives it all, then hands it on with its length.
        def chunks():
            for _ in range(3):
                yield b"x" * MB

        request = urllib.request.Request(f"{https}/pengaduan/", data=chunks(), method="POST")
        request.add_header("Content-Type", "application/octet-stream")
        assert urllib.request.urlopen(request, context=insecure).read() == b"ok"
        forwarded = upstream.seen[-1]
        assert forwarded["body"] == 3 * MB and forwarded["headers"]["Content-Length"] == str(3 * MB)
        assert "Transfer-Encoding" not in forwarded["headers"]

        # Static files from the volume, not from gunicorn.
        assert urllib.request.urlopen(f"{https}/static/css/site.css", context=insecure).read() == b"body{}"
        assert [seen["path"] for seen in upstream.seen].count("/static/css/site.css") == 0

        # A complaint's tracking link: its secret reaches Django, never the access log.
        secret = "rahasia-pelapor-4711"
        assert urllib.request.urlopen(f"{https}/pengaduan/lacak/PGD-1/?kode={secret}", context=insecure).read() == b"ok"
        assert upstream.seen[-1]["path"] == f"/pengaduan/lacak/PGD-1/?kode={secret}"
        # nginx writes a request's log line after the answer has gone out: wait for it (a busy machine is slower).
        line = '"GET /pengaduan/lacak/PGD-1/ HTTP/1.1" 200'
        for _ in range(50):
            log = (tmp_path / "site-access.log").read_text()
            if line in log:
                break
            time.sleep(0.1)
        assert line in log and secret not in log
        # The server blocks' log replaces the one the image's nginx.conf sets for all (format "main", with queries).
        assert secret not in (tmp_path / "access.log").read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()


def test_gunicorn_logs_paths_without_their_query_string():
    """The tracking link's secret key (?kode=…) never reaches gunicorn's access log either."""
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    services = compose()["services"]
    assert "-c python:romantik.gunicorn_conf" in services["web"]["command"]
    assert '"-c", "python:romantik.gunicorn_conf"' in (REPO / "Dockerfile").read_text()
    config = Config()
    config.set("access_log_format", importlib.import_module("romantik.gunicorn_conf").access_log_format)
    request = SimpleNamespace(
        method="GET", path="/pengaduan/lacak/PGD-1/", query="kode=rahasia-pelapor-4711", version=(1, 1), headers=[]
    )
    environ = {
        "REMOTE_ADDR": "172.18.0.5",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/pengaduan/lacak/PGD-1/?kode=rahasia-pelapor-4711",
        "PATH_INFO": "/pengaduan/lacak/PGD-1/",
        "QUERY_STRING": "kode=rahasia-pelapor-4711",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://romantik.example/pengaduan/lacak/PGD-1/?kode=rahasia-pelapor-4711",
    }
    response = SimpleNamespace(status="200 OK", sent=2, headers=[], response_length=2)
    atoms = Logger(config).atoms(response, request, environ, datetime.timedelta(seconds=0.01))
    line = config.access_log_format % atoms
    assert '"GET /pengaduan/lacak/PGD-1/ HTTP/1.1" 200' in line and "rahasia" not in line
