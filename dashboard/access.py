"""Who may write to the map: editors and visitors.

Secure by default. A dashboard whose secrets configure a store or a sign-in (a hosted app) is read-only
for visitors; editors sign in, either with Streamlit's own authentication (`st.login`, an OpenID Connect
provider in the secrets' `[auth]` section) and are listed by e-mail in `PRESSMAP_EDITORS`, or — for a
small team without a provider — with the shared `PRESSMAP_EDITOR_PASSPHRASE`, compared in constant time,
with a pause after every failure and a pause for everyone after many. A local dashboard with no secrets
is edited by whoever runs it, as before, recorded as the operating-system user.

Hiding a widget is not the guard: every write the app makes goes through `require_editor`, which reads
the role from the server's side of the session (st.user, or the User object a successful sign-in left
in the session state — no widget can set a Python object there).
"""

from __future__ import annotations

import hmac
import threading
import time
from dataclasses import dataclass

import streamlit as st

SIGNED_IN = "_pm_signed_in"  # session-state key of the User a passphrase sign-in made; no widget has it
FAILURE_PAUSE_S = 2.0  # each wrong passphrase waits this long before its answer
LOCK_AFTER = 5  # this many failures in LOCK_WINDOW_S, from anyone, close the passphrase sign-in for that long
LOCK_WINDOW_S = 60.0


@dataclass(frozen=True)
class User:
    """The person behind a session: `role` is "editor" or "visitor"; `who` is what the journal records."""

    role: str
    who: str
    how: str = ""  # local, oidc, passphrase

    @property
    def can_write(self) -> bool:
        return self.role == "editor"


class NotAllowed(Exception):
    """A write asked for by a session without the editor role."""


@dataclass(frozen=True)
class Settings:
    store_in_secrets: bool
    oidc: bool
    editors: tuple[str, ...]
    passphrase: str
    provider: str | None

    @property
    def hosted(self) -> bool:
        """Any of these in the secrets makes the app a shared one, where visitors only read."""
        return self.store_in_secrets or self.oidc or bool(self.editors) or bool(self.passphrase)


def settings() -> Settings:
    """What the secrets say about access (none of it when there is no secrets file, the usual local case)."""
    try:
        secrets = st.secrets
        store = "PRESSMAP_STORE" in secrets
        auth = secrets.get("auth") if "auth" in secrets else None
        editors = secrets.get("PRESSMAP_EDITORS") or []
        passphrase = str(secrets.get("PRESSMAP_EDITOR_PASSPHRASE") or "")
    except Exception:  # noqa: BLE001 — no secrets file at all
        return Settings(False, False, (), "", None)
    if isinstance(editors, str):
        editors = [e for e in editors.replace(";", ",").split(",")]
    providers = [k for k, v in (auth or {}).items() if hasattr(v, "get") and v.get("client_id")]
    return Settings(store, bool(auth), tuple(str(e).strip().lower() for e in editors if str(e).strip()),
                    passphrase, providers[0] if providers and not (auth or {}).get("client_id") else None)


def local_user() -> User:
    import getpass

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return User("editor", f"{name} (local dashboard)", "local")


def current_user() -> User:
    """The session's user, worked out on the server at every call."""
    s = settings()
    if not s.hosted:
        return local_user()
    if s.oidc:
        try:
            if st.user.is_logged_in:
                email = str(st.user.get("email") or "").strip()
                role = "editor" if email.lower() in s.editors else "visitor"
                return User(role, email or "signed in", "oidc")
        except Exception:  # noqa: BLE001 — auth configured but not usable (Authlib missing): nobody is signed in
            pass
    signed = st.session_state.get(SIGNED_IN)
    if isinstance(signed, User) and s.passphrase:
        return signed
    return User("visitor", "visitor")


def require_editor(action: str) -> User:
    """The editor asking for this write, or NotAllowed: the server's check behind every write control."""
    user = current_user()
    if not user.can_write:
        raise NotAllowed(f"Only editors can {action}: sign in first. Nothing was changed.")
    return user


# -- the passphrase ---------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _failures() -> tuple[threading.Lock, list[float]]:
    """When sign-ins failed, shared by every session of the process (a new session does not start afresh)."""
    return threading.Lock(), []


def check_passphrase(given: str, expected: str, sleep=time.sleep) -> str | None:
    """None when the passphrase is right; else why not, after a pause (constant-time comparison)."""
    lock, failures = _failures()
    now = time.monotonic()
    with lock:
        failures[:] = [t for t in failures if now - t < LOCK_WINDOW_S]
        locked = len(failures) >= LOCK_AFTER
    if locked:
        return "Too many wrong passphrases: sign-in is closed for a minute."
    if expected and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        return None
    with lock:
        failures.append(time.monotonic())
    sleep(FAILURE_PAUSE_S)
    return "Wrong passphrase."


def _sign_in() -> None:
    name = " ".join(str(st.session_state.get("pm_signin_name") or "").split())[:80]
    given = str(st.session_state.get("pm_passphrase") or "")
    st.session_state["pm_passphrase"] = ""
    if not name:
        st.session_state["pm_signin_message"] = "Give your name: it is recorded with what you change."
        return
    problem = check_passphrase(given, settings().passphrase)
    if problem:
        st.session_state["pm_signin_message"] = problem
        return
    st.session_state[SIGNED_IN] = User("editor", f"{name} (passphrase)", "passphrase")
    st.session_state.pop("pm_signin_message", None)


def _sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)


def sidebar(user: User) -> None:
    """The sidebar's sign-in or signed-in line: nothing at all on a local dashboard."""
    s = settings()
    if not s.hosted:
        return
    st.header("Editors")
    if user.can_write:
        st.caption(f"Signed in as {user.who}: you can add sources and correct events.")
        if user.how == "oidc":
            st.button("Sign out", key="pm_sign_out", on_click=st.logout)
        else:
            st.button("Sign out", key="pm_sign_out", on_click=_sign_out)
        return
    if s.oidc:
        if user.how == "oidc":
            st.caption(f"Signed in as {user.who}, who is not an editor of this map.")
            st.button("Sign out", key="pm_sign_out", on_click=st.logout)
        else:
            st.button("Sign in", key="pm_sign_in_oidc", on_click=st.login, args=(s.provider,) if s.provider else ())
    if s.passphrase:
        with st.form("pm_signin", clear_on_submit=False, border=False):
            st.text_input("Your name", key="pm_signin_name", max_chars=80)
            st.text_input("Editor passphrase", key="pm_passphrase", type="password")
            st.form_submit_button("Sign in as editor", on_click=_sign_in)
        message = st.session_state.pop("pm_signin_message", None)
        if message:
            st.text(message)
    if not s.oidc and not s.passphrase:
        st.caption("This map is read-only: no sign-in is configured.")
    else:
        st.caption("Visitors see the map; editors sign in to add sources and correct events.")
