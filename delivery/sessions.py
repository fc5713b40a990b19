"""Sessions whose keys the site can recognise without looking them up.

Only staff sign in, and a signed-in visitor is never served a cached page. The page cache
must tell a real session from a made-up cookie before it reads anything: a key this site
gave out ends in a signature of the rest (an HMAC with the secret key), so a made-up
`sessionid` is a reader's request, answered from the cache, and cannot turn the cache off.
Sessions are stored in the database as Django's own are (SESSION_ENGINE = "delivery.sessions").
"""

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

KEY_LENGTH = 32
SIGNATURE_LENGTH = 12  # hex digits: 48 bits, on top of 20 random characters (103 bits)
_SALT = "delivery.sessions.key"


def _signature(random_part, secret=None):
    mac = salted_hmac(_SALT, random_part, secret=secret, algorithm="sha256")
    return mac.hexdigest()[:SIGNATURE_LENGTH]


def genuine(key):
    """Whether `key` is a session key this site gave out (signed with its secret key or
    one of the fallbacks), whether or not the session still exists."""
    if not key or len(key) != KEY_LENGTH:
        return False
    random_part, signature = key[:-SIGNATURE_LENGTH], key[-SIGNATURE_LENGTH:]
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        if constant_time_compare(signature, _signature(random_part, secret)):
            return True
    return False


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        # Django asks only for 8 characters or more: a key with others (a NUL spelled as a
        # cookie escape, say) is no key, and never reaches the database.
        return super()._validate_session_key(key) and all(c in VALID_KEY_CHARS for c in key)

    def _get_new_session_key(self):
        while True:
            random_part = get_random_string(KEY_LENGTH - SIGNATURE_LENGTH, VALID_KEY_CHARS)
            key = random_part + _signature(random_part)
            if not self.exists(key):
                return key
