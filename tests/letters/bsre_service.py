"""A local BSrE for the tests: an HTTP server, started in the test, that speaks TTE API v2 as letters.bsre calls it
(check status, sign, verify), with a certificate authority of its own (a root, an intermediate "BSrE" CA that issues
the users' certificates) so that what it signs really validates. Its behaviour can be switched to the faults a real
service shows: refusing, answering after the client stopped waiting, answering twice, failing.

Not a mock of our code: letters.bsre talks to it over HTTP exactly as it talks to BSrE.
"""

import base64
import datetime
import io
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CLIENT_ID, CLIENT_SECRET = "romantik-uji", "rahasia-klien-uji"


def _name(cn: str, **extra) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "BSrE Uji")]
    if extra.get("serial"):
        parts.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, extra["serial"]))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _issue(subject, key, *, issuer=None, issuer_key=None, ca: bool, email: str = ""):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(ca=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key((issuer_key or key).public_key()), critical=False
        )
    )
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


def _asn1(cert):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@dataclass
class BsreUser:
    identity: str
    name: str
    status: str = "ISSUE"
    passphrase: str = "Bsre-Rahasia-2026"
    totp: str = "246810"
    key: object = None
    cert: object = None


@dataclass
class LocalBsre:
    """The service's state: its CA, its users, its behaviour and what it was asked."""

    root_key: object = None
    root: object = None
    ca_key: object = None
    ca: object = None
    users: dict = field(default_factory=dict)
    # "normal" | "slow" (signs, then answers after `delay` seconds) | "twice" (writes its answer twice)
    # | "error" (HTTP 500 without signing) | "verify_down" (the verify call answers 503)
    behaviour: str = "normal"
    # The behaviours of the next sign calls, one each in order (then `behaviour`): a fault for one letter of a batch.
    sign_plan: list = field(default_factory=list)
    delay: float = 2.0
    # False: the signature holds the user's certificate only, not the intermediate (a verifier needs it as a file).
    embed_chain: bool = True
    sign_calls: list = field(default_factory=list)
    signatures: int = 0
    verify_calls: int = 0
    status_calls: int = 0
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.root_key = ec.generate_private_key(ec.SECP256R1())
        self.root = _issue(_name("Root CA Uji Indonesia"), self.root_key, ca=True)
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.ca = _issue(_name("BSrE Uji CA"), self.ca_key, issuer=self.root, issuer_key=self.root_key, ca=True)

    def root_file(self, directory: Path) -> str:
        path = Path(directory) / "bsre-root.pem"
        path.write_bytes(self.root.public_bytes(serialization.Encoding.PEM))
        return str(path)

    def ca_file(self, directory: Path) -> str:
        path = Path(directory) / "bsre-ca.pem"
        path.write_bytes(self.ca.public_bytes(serialization.Encoding.PEM))
        return str(path)

    def register(self, *, identity: str, name: str, email: str = "", status: str = "ISSUE", nip: str = "") -> BsreUser:
        user = BsreUser(identity=identity, name=name, status=status)
        user.key = ec.generate_private_key(ec.SECP256R1())
        user.cert = _issue(
            _name(name, serial=f"NIP {nip}" if nip else ""),
            user.key,
            issuer=self.ca,
            issuer_key=self.ca_key,
            ca=False,
            email=email or (identity if "@" in identity else ""),
        )
        self.users[identity] = user
        return user

    # --- what the endpoints do ---

    def status(self, body: dict) -> tuple[int, dict]:
        self.status_calls += 1
        user = self.users.get(body.get("nik") or body.get("email") or "")
        if user is None:
            return 200, {"status_code": 1110, "status": "NOT_REGISTERED", "message": "Pengguna tidak terdaftar"}
        return 200, {"status_code": 1111, "status": user.status, "message": "OK"}

    def sign_behaviour(self) -> str:
        with self.lock:
            return self.sign_plan.pop(0) if self.sign_plan else self.behaviour

    def sign(self, body: dict, behaviour: str = "") -> tuple[int, dict]:
        self.sign_calls.append(body)
        if (behaviour or self.behaviour) == "error":
            return 500, {"status_code": 5000, "error": "Internal server error"}
        user = self.users.get(body.get("nik") or body.get("email") or "")
        if user is None or user.status != "ISSUE":
            return 400, {"status_code": 2021, "error": "Pengguna tidak memiliki sertifikat aktif"}
        if "totp" in body:
            if body["totp"] != user.totp:
                return 400, {"status_code": 2031, "error": "TOTP anda salah"}
        elif body.get("passphrase") != user.passphrase:
            return 400, {"status_code": 2031, "error": "Passphrase anda salah"}
        props = body["signatureProperties"][0]
        pdf = base64.b64decode(body["file"][0])
        signed = self._pades(pdf, user, props)
        with self.lock:
            self.signatures += 1
        return 200, {"file": [base64.b64encode(signed).decode()], "time": 1}

    def _pades(self, pdf: bytes, user: BsreUser, props: dict) -> bytes:
        from asn1crypto import keys
        from PIL import Image
        from pyhanko import stamp
        from pyhanko.pdf_utils.images import PdfImage
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        signer = signers.SimpleSigner(
            signing_cert=_asn1(user.cert),
            signing_key=keys.PrivateKeyInfo.load(
                user.key.private_bytes(
                    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            cert_registry=SimpleCertificateStore.from_certs([_asn1(self.ca)] if self.embed_chain else []),
        )
        image = Image.open(io.BytesIO(base64.b64decode(props["imageBase64"]))).convert("RGB")
        x, y = float(props["originX"]), float(props["originY"])
        box = (x, y, x + float(props["width"]), y + float(props["height"]))
        meta = signers.PdfSignatureMetadata(
            field_name="BSrE",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=props.get("reason"),
            location=props.get("location"),
            name=user.name,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            stamp_style=stamp.TextStampStyle(stamp_text=" ", background=PdfImage(image), border_width=0),
            new_field_spec=fields.SigFieldSpec(sig_field_name="BSrE", on_page=int(props["page"]) - 1, box=box),
        )
        out = io.BytesIO()
        pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=out)
        return out.getvalue()

    def verify(self, body: dict) -> tuple[int, dict]:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        self.verify_calls += 1
        if self.behaviour == "verify_down":
            return 503, {"error": "Service unavailable"}
        reader = PdfFileReader(io.BytesIO(base64.b64decode(body.get("file") or "")), strict=False)
        signatures = reader.embedded_signatures
        if not signatures:
            return 200, {"conclusion": "NO_SIGNATURE", "description": "Dokumen tidak bertanda tangan"}
        infos, valid = [], True
        for embedded in signatures:
            status = validate_pdf_signature(
                embedded, ValidationContext(trust_roots=[_asn1(self.root)], other_certs=[_asn1(self.ca)])
            )
            valid = valid and status.bottom_line
            infos.append({"signerName": embedded.signer_cert.subject.human_friendly, "valid": status.bottom_line})
        return 200, {"conclusion": "VALID" if valid else "INVALID", "signatureInformations": infos}


def _handler(service: LocalBsre):
    routes = {
        "/api/v2/user/check/status": service.status,
        "/api/v2/sign/pdf": service.sign,
        "/api/v2/verify/pdf": service.verify,
    }
    expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _answer(self, status: int, body: dict) -> bytes:
            data = json.dumps(body).encode()
            head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
            return head.encode() + data

        def do_POST(self):
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            route = routes.get(self.path)
            is_sign = self.path == "/api/v2/sign/pdf"
            behaviour = service.sign_behaviour() if is_sign else service.behaviour
            if self.headers.get("Authorization") != expected:
                answer = self._answer(401, {"error": "Unauthorized"})
            elif route is None:
                answer = self._answer(404, {"error": "Not found"})
            elif is_sign:
                answer = self._answer(*service.sign(json.loads(data or b"{}"), behaviour))
            else:
                answer = self._answer(*route(json.loads(data or b"{}")))
            if is_sign and behaviour == "slow":
                time.sleep(service.delay)  # signed already: the client stopped waiting meanwhile
            if is_sign and behaviour == "twice":
                answer = answer + answer
            try:
                self.wfile.write(answer)
                self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True

    return Handler


class LocalBsreServer:
    """Context manager: the service on 127.0.0.1 (a free port), in a thread."""

    def __init__(self, service: LocalBsre | None = None):
        self.service = service or LocalBsre()

    def __enter__(self) -> LocalBsre:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.service))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.service.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        return self.service

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
