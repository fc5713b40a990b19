"""Sessions whose keys the site can recognise without looking them up.

Only staff sign in, and a signed-in visitor is never served a cached page. The page cache
must tell a real session from a made-up cookie before it reads anything: a key this site
gave out carries the moment it was given out and a signature of both (an HMAC with the
secret key), so a made-up `sessionid` is a reader's request, answered from the cache, and
cannot turn the cache off; nor can a key older than SESSION_COOKIE_AGE (a former
colleague's, a leaked one). Sessions are stored in the database as Django's own are
(SESSION_ENGINE = "delivery.sessions").
"""

import time

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

KEY_LENGTH = 40  # the most a session key may be
SIGNATURE_LENGTH = 12  # hex digits: 48 bits
ISSUED_LENGTH = 8  # hex digits: the second the key was given out
RANDOM_LENGTH = KEY_LENGTH - SIGNATURE_LENGTH - ISSUED_LENGTH  # 20 characters: 103 bits
_SALT = "delivery.sessions.key"


def _signature(signed, secret=None):
    mac = salted_hmac(_SALT, signed, secret=secret, algorithm="sha256")
    return mac.hexdigest()[:SIGNATURE_LENGTH]


def genuine(key):
    """Whether `key` is a session key this site gave out (signed with its secret key or
    one of the fallbacks) at most SESSION_COOKIE_AGE ago, whether or not the session
    still exists."""
    if not key or len(key) != KEY_LENGTH:
        return False
    signed, signature = key[:-SIGNATURE_LENGTH], key[-SIGNATURE_LENGTH:]
    try:
        issued = int(signed[RANDOM_LENGTH:], 16)
    except ValueError:
        return False
    if time.time() - issued > settings.SESSION_COOKIE_AGE:
        return False
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        if constant_time_compare(signature, _signature(signed, secret)):
            return True
    return False


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        # Django asks only for 8 characters or more: a key with others (a NUL spelled as a
        # cookie escape, say) is no key, and never reaches the database.
        return super()._validate_session_key(key) and all(c in VALID_KEY_CHARS for c in key)

    def _get_new_session_key(self):
        while True:
            signed = get_random_string(RANDOM_LENGTH, VALID_KEY_CHARS) + f"{int(time.time()):08x}"
            key = signed + _signature(signed)
            if not self.exists(key):
                return key
