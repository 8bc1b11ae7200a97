"""Who may write, through Streamlit's AppTest on the real app: a local dashboard, a hosted one, the passphrase,
and the server's refusal of a visitor's write whatever the page showed."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import access
from geo.store import open_store
from tests.test_dashboard import APP, filled, store_path  # noqa: F401 — fixtures

PASSPHRASE = "a long shared passphrase"


def buttons(at) -> set[str]:
    return {b.label for b in at.button} | {b.label for b in at.sidebar.button}


def hosted_app(store: str, **secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["PRESSMAP_STORE"] = store
    for k, v in secrets.items():
        at.secrets[k] = v
    return at


def test_a_local_dashboard_without_secrets_is_editable(filled):  # noqa: F811
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "Add to the map" in buttons(at)
    assert not [h for h in at.sidebar.header if h.value == "Editors"]


def test_a_hosted_dashboard_is_read_only_for_visitors(filled):  # noqa: F811
    at = hosted_app(str(filled), PRESSMAP_EDITOR_PASSPHRASE=PASSPHRASE).run()
    assert not at.exception
    assert "Add to the map" not in buttons(at)
    assert [h for h in at.sidebar.header if h.value == "Editors"]


def test_without_a_sign_in_configured_nobody_writes(filled):  # noqa: F811
    at = hosted_app(str(filled)).run()
    assert "Add to the map" not in buttons(at)
    assert any("read-only" in c.value for c in at.sidebar.caption)


def test_the_passphrase_signs_in_after_a_pause_for_a_wrong_one(filled):  # noqa: F811
    at = hosted_app(str(filled), PRESSMAP_EDITOR_PASSPHRASE=PASSPHRASE).run()
    at.sidebar.text_input(key="pm_signin_name").input("Ana")
    at.sidebar.text_input(key="pm_passphrase").input("guess")
    began = time.monotonic()
    at.sidebar.button[0].click().run()
    assert time.monotonic() - began >= access.FAILURE_PAUSE_S
    assert "Wrong passphrase." in [t.value for t in at.sidebar.text]
    assert "Add to the map" not in buttons(at)
    at.sidebar.text_input(key="pm_signin_name").input("Ana")
    at.sidebar.text_input(key="pm_passphrase").input(PASSPHRASE)
    at.sidebar.button[0].click().run()
    assert "Add to the map" in buttons(at)
    assert any("Signed in as Ana (passphrase)" in c.value for c in at.sidebar.caption)


def test_many_wrong_passphrases_close_the_sign_in_for_everyone():
    access._failures.clear()
    waited = []
    for _ in range(access.LOCK_AFTER):
        assert access.check_passphrase("guess", PASSPHRASE, sleep=waited.append) == "Wrong passphrase."
    assert waited == [access.FAILURE_PAUSE_S] * access.LOCK_AFTER
    assert "closed for a minute" in access.check_passphrase(PASSPHRASE, PASSPHRASE, sleep=waited.append)
    access._failures.clear()
    assert access.check_passphrase(PASSPHRASE, PASSPHRASE, sleep=waited.append) is None


def _visitor_writes(store: str, key: str) -> None:
    """A script run as a hosted app's visitor that calls the app's write functions directly."""
    import streamlit as st

    from dashboard import access, corrections_ui

    for attempt in (lambda: corrections_ui.record(None, key, "not_event", {}, "forged"),
                    lambda: corrections_ui.undo(None, 1),
                    lambda: access.require_editor("add sources")):
        try:
            attempt()
            st.text("written")
        except access.NotAllowed as e:
            st.text(str(e))


def test_the_write_functions_refuse_a_visitor(filled):  # noqa: F811
    with open_store(str(filled)) as s:
        key = s.events()[0]["properties"]["event_keys"][0]
        version = s.version()
    at = AppTest.from_function(_visitor_writes, args=(str(filled), key), default_timeout=30)
    at.secrets["PRESSMAP_STORE"] = str(filled)
    at.secrets["PRESSMAP_EDITOR_PASSPHRASE"] = PASSPHRASE
    at.run()
    assert not at.exception
    said = [t.value for t in at.text]
    assert said == ["Only editors can correct events: sign in first. Nothing was changed.",
                    "Only editors can undo corrections: sign in first. Nothing was changed.",
                    "Only editors can add sources: sign in first. Nothing was changed."]
    with open_store(str(filled)) as s:
        assert s.version() == version and s.corrections() == []


def test_editors_are_listed_by_e_mail(monkeypatch):
    class FakeUser:
        is_logged_in = True

        def __init__(self, email):
            self.email = email

        def get(self, name, default=None):
            return getattr(self, name, default)

    monkeypatch.setattr(access, "settings", lambda: access.Settings(True, True, ("ana@example.org",), "", None))
    monkeypatch.setattr(access.st, "user", FakeUser("Ana@Example.org"))
    assert access.current_user() == access.User("editor", "Ana@Example.org", "oidc")
    monkeypatch.setattr(access.st, "user", FakeUser("eve@example.org"))
    assert access.current_user().role == "visitor"


@pytest.mark.parametrize("secrets", [{}, {"PRESSMAP_STORE": "x.db"}])
def test_settings_read_the_secrets(monkeypatch, secrets):
    monkeypatch.setattr(access.st, "secrets", secrets)
    assert access.settings().hosted == bool(secrets)


def test_a_local_editor_corrects_from_the_card_as_the_os_user(filled):  # noqa: F811
    with open_store(str(filled)) as s:
        event = next(e for e in s.events() if e["properties"]["site"] == "Al-Tanf garrison")
    key = event["properties"]["event_keys"][0]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["event"] = event["properties"]["event_id"]
    at.run()
    at.toggle(key=f"pm_corr_open-{key}").set_value(True).run()
    at.selectbox(key=f"pm_corr_kind-{key}").set_value("merge").run()
    at.text_area(key=f"pm_corr_reason-{key}").input("<script>x</script> same strike").run()
    at.button(key=f"pm_corr_save-{key}").click().run()
    assert not at.exception
    with open_store(str(filled)) as s:
        [made] = s.corrections()
        assert made["kind"] == "merge" and made["who"].endswith("(local dashboard)")
        assert made["reason"] == "<script>x</script> same strike"
        assert all(key not in e["properties"]["event_keys"][:1] for e in s.events())
    at.run()
    assert any("Events taken off the map (1)" in e.label for e in at.sidebar.expander)
