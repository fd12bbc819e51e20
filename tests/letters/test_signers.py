"""LETTER_SIGNER names the signing backend (letters/signers.py); the path of its former module, letters/signing.py,
which existing deployments have in their settings, still names the same backend."""

import pytest
from django.conf import settings
from django.test import override_settings

from letters.signers import LocalPkcs12Signer, signer_get, signer_path


def test_the_default_backend_is_the_local_one():
    assert settings.LETTER_SIGNER == "letters.signers.LocalPkcs12Signer"
    assert type(signer_get()) is LocalPkcs12Signer


@override_settings(LETTER_SIGNER="letters.signing.LocalPkcs12Signer")
def test_the_former_module_path_names_the_same_backend():
    assert type(signer_get()) is LocalPkcs12Signer


def test_only_the_former_module_is_rewritten():
    assert signer_path("letters.signing.Signer") == "letters.signers.Signer"
    assert signer_path("letters.signers.Signer") == "letters.signers.Signer"
    assert signer_path("bsre.letters.signing.Signer") == "bsre.letters.signing.Signer"
    assert signer_path("letters.signingx.Signer") == "letters.signingx.Signer"


@override_settings(LETTER_SIGNER="letters.signing.NoSuchSigner")
def test_a_wrong_name_is_still_an_error():
    with pytest.raises(ImportError):
        signer_get()
