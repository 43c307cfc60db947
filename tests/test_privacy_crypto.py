import base64
import hashlib
import hmac
import re

import pytest
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from wuse.privacy import ID_NUMBER, PHONE, DecryptionError, blind_index, check_character, decrypt, encrypt, rotate

quick = settings(database=None, deadline=None)

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
SECRET = "test-secret-key-" + "s" * 40
INDEX_KEY = "an-index-key-of-at-least-32-characters!"
derived = override_settings(PII_ENCRYPTION_KEYS=[], PII_INDEX_KEY="", SECRET_KEY=SECRET)
NOTE = "张三，低保户，身份证 11010519491231002X，电话 13812345678"


def hkdf(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode())


@pytest.mark.parametrize("keys", [[], [KEY_A], [KEY_B, KEY_A]])
def test_it_round_trips_chinese_text(keys):
    with override_settings(PII_ENCRYPTION_KEYS=keys):
        token = encrypt(NOTE)
        assert decrypt(token) == NOTE
        assert decrypt(encrypt("")) == ""


def test_two_encryptions_of_the_same_text_differ_and_hold_no_plaintext():
    first, second = encrypt(NOTE), encrypt(NOTE)
    assert first != second
    for token in (first, second):
        assert "11010519491231002X" not in token and "13812345678" not in token
        assert not re.search(r"[\u4e00-\u9fff]", token)
        assert token.isascii()


@derived
def test_without_keys_it_uses_one_key_derived_from_the_secret_key():
    token = encrypt(NOTE)
    fernet = Fernet(base64.urlsafe_b64encode(hkdf(SECRET, b"wuse-pii-v1")))
    assert fernet.decrypt(token.encode()).decode() == NOTE


def test_a_new_secret_key_cannot_open_tokens_made_with_the_derived_key():
    with derived:
        token = encrypt(NOTE)
    with override_settings(PII_ENCRYPTION_KEYS=[], SECRET_KEY=SECRET + "-changed"), pytest.raises(DecryptionError):
        decrypt(token)


def test_key_rotation():
    with override_settings(PII_ENCRYPTION_KEYS=[KEY_A]):
        old = encrypt(NOTE)
    with override_settings(PII_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        assert decrypt(old) == NOTE
        new = encrypt(NOTE)
        rotated = rotate(old)
    for token in (new, rotated):
        assert Fernet(KEY_B).decrypt(token.encode()).decode() == NOTE
        with pytest.raises(InvalidToken):
            Fernet(KEY_A).decrypt(token.encode())
    with override_settings(PII_ENCRYPTION_KEYS=[KEY_B]):
        assert decrypt(new) == decrypt(rotated) == NOTE
        with pytest.raises(DecryptionError, match="PII_ENCRYPTION_KEYS"):
            decrypt(old)
        with pytest.raises(DecryptionError):
            rotate(old)


@pytest.mark.parametrize("token", ["", "not a token", "gAAAAABnot-really-a-fernet-token", Fernet(KEY_A).encrypt(b"x")],
                         ids=["empty", "text", "fake-token", "other-key"])
def test_anything_no_key_opens_raises_the_clear_error(token):
    with override_settings(PII_ENCRYPTION_KEYS=[KEY_B]), pytest.raises(DecryptionError) as caught:
        decrypt(token)
    assert "key" in str(caught.value)


def test_a_token_does_not_survive_tampering():
    token = encrypt(NOTE)
    tampered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    with pytest.raises(DecryptionError):
        decrypt(tampered)


def test_a_configured_value_that_is_not_a_fernet_key_is_refused():
    with override_settings(PII_ENCRYPTION_KEYS=["not-a-fernet-key"]), pytest.raises(ImproperlyConfigured):
        encrypt(NOTE)


def test_encrypt_takes_text_only():
    with pytest.raises(TypeError):
        encrypt(b"13812345678")
    with pytest.raises(TypeError):
        encrypt(None)


# Blind index


def test_the_blind_index_is_stable_hex_and_pinned_to_its_construction():
    with override_settings(PII_INDEX_KEY=INDEX_KEY):
        index = blind_index("13812345678", purpose=PHONE)
        assert index == blind_index("13812345678", purpose=PHONE)
    purpose_key = hmac.new(INDEX_KEY.encode(), b"wuse-blind-index:phone", hashlib.sha256).digest()
    assert index == hmac.new(purpose_key, b"13812345678", hashlib.sha256).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", index)


@derived
def test_without_an_index_key_it_derives_one_that_is_not_the_encryption_key():
    purpose_key = hmac.new(hkdf(SECRET, b"wuse-pii-index-v1"), b"wuse-blind-index:phone", hashlib.sha256).digest()
    assert blind_index("13812345678", purpose=PHONE) == hmac.new(purpose_key, b"13812345678", "sha256").hexdigest()
    assert hkdf(SECRET, b"wuse-pii-index-v1") != hkdf(SECRET, b"wuse-pii-v1")


def test_the_same_digits_index_differently_for_each_purpose():
    digits = "13812345678"
    indexes = {blind_index(digits, purpose=p) for p in (PHONE, ID_NUMBER, "note", "Phone")}
    assert len(indexes) == 4


def test_the_blind_index_depends_on_the_key():
    with override_settings(PII_INDEX_KEY=INDEX_KEY):
        first = blind_index("13812345678", purpose=PHONE)
    with override_settings(PII_INDEX_KEY=INDEX_KEY + "2"):
        second = blind_index("13812345678", purpose=PHONE)
    with override_settings(PII_INDEX_KEY="", SECRET_KEY=SECRET):
        third = blind_index("13812345678", purpose=PHONE)
    with override_settings(PII_INDEX_KEY="", SECRET_KEY=SECRET + "2"):
        fourth = blind_index("13812345678", purpose=PHONE)
    assert len({first, second, third, fourth}) == 4


def test_different_values_index_differently():
    assert blind_index("13812345678", purpose=PHONE) != blind_index("13812345679", purpose=PHONE)


def test_a_purpose_is_required():
    with pytest.raises(ValueError):
        blind_index("13812345678", purpose="")


def fullwidth(s: str) -> str:
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) for c in s)


@quick
@given(st.sampled_from("3456789"), st.integers(0, 10**9 - 1), st.sampled_from(["", "+86 ", "0086-", "86"]))
def test_the_phone_index_ignores_how_the_number_was_written(second, rest, prefix):
    mobile = f"1{second}{rest:09d}"
    written = prefix + f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    expected = blind_index(mobile, purpose=PHONE)
    assert blind_index(written, purpose=PHONE) == expected
    assert blind_index(fullwidth(written), purpose=PHONE) == expected


@quick
@given(st.integers(10**16, 10**17 - 1))
def test_the_id_number_index_ignores_how_the_number_was_written(first17):
    id_number = str(first17) + check_character(str(first17))
    expected = blind_index(id_number, purpose=ID_NUMBER)
    written = f" {id_number[:6]} {id_number[6:14]} {id_number[14:]} ".lower()
    assert blind_index(written, purpose=ID_NUMBER) == expected
    assert blind_index(fullwidth(written), purpose=ID_NUMBER) == expected


def test_other_purposes_fold_width_and_spaces_only():
    assert blind_index(" 张\u3000三 ", purpose="name") == blind_index("张 三", purpose="name")
    assert blind_index("张三", purpose="name") != blind_index("张 三", purpose="name")
