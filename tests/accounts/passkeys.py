"""A software passkey for tests: real WebAuthn registration and assertion messages (fido2),
signed with a key held here, so the server's verification runs unchanged."""

import dataclasses
import hashlib
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

FLAGS_UP_UV = 0x01 | 0x04
FLAG_AT = 0x40


@dataclasses.dataclass
class SoftwarePasskey:
    rp_id: str = "testserver"
    origin: str = "http://testserver"
    user_handle: bytes = b""
    key: ec.EllipticCurvePrivateKey = dataclasses.field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    credential_id: bytes = dataclasses.field(default_factory=lambda: os.urandom(32))
    counter: int = 0

    def _rp_hash(self) -> bytes:
        return hashlib.sha256(self.rp_id.encode()).digest()

    def registration(self, challenge: bytes = b"test-challenge", resident: bool = True) -> dict:
        """The JSON a browser posts after navigator.credentials.create() (attestation "none")."""
        credential = AttestedCredentialData.create(
            b"\0" * 16, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        auth_data = AuthenticatorData.create(
            self._rp_hash(), FLAGS_UP_UV | FLAG_AT, self.counter, credential
        )
        client_data = CollectedClientData.create(
            type="webauthn.create", challenge=challenge, origin=self.origin
        )
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(
                    AttestationObject.create("none", auth_data, {})
                ),
            },
            "clientExtensionResults": {"credProps": {"rk": resident}},
        }

    def assertion(self, request_options: dict) -> dict:
        """The JSON a browser posts after navigator.credentials.get(request_options)."""
        public_key = request_options["publicKey"]
        challenge = websafe_decode(public_key["challenge"])
        self.counter += 1
        auth_data = AuthenticatorData.create(self._rp_hash(), FLAGS_UP_UV, self.counter)
        client_data = CollectedClientData.create(
            type="webauthn.get", challenge=challenge, origin=self.origin
        )
        signature = self.key.sign(
            bytes(auth_data) + hashlib.sha256(bytes(client_data)).digest(),
            ec.ECDSA(hashes.SHA256()),
        )
        response = {
            "clientDataJSON": websafe_encode(client_data),
            "authenticatorData": websafe_encode(auth_data),
            "signature": websafe_encode(signature),
        }
        if self.user_handle:
            response["userHandle"] = websafe_encode(self.user_handle)
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": response,
            "clientExtensionResults": {},
        }


def add_passkey(user, name="Owner-only passkey") -> SoftwarePasskey:
    """Store a passkey for `user` as allauth does after a successful registration."""
    from allauth.account.utils import user_pk_to_url_str
    from allauth.mfa.webauthn.internal.auth import WebAuthn

    passkey = SoftwarePasskey(user_handle=user_pk_to_url_str(user).encode())
    passkey.authenticator = WebAuthn.add(user, name, passkey.registration()).instance
    return passkey


def as_json(data: dict) -> str:
    return json.dumps(data)
