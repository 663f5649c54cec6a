"""Languages: the catalogs are complete and in step with the code, and pages really render in each language.

When a test here fails because of a new or changed string, run ``make messages`` (re-extracts the
strings into coworking/translations/messages.pot and updates every messages.po), translate the new or
fuzzy entries in coworking/translations/<lang>/LC_MESSAGES/messages.po, then ``make translations``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from markupsafe import escape

from tests.support.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "coworking" / "translations"
POT = TRANSLATIONS / "messages.pot"
LANGUAGES = ("nl", "fr", "de")  # English is the source language: its text is the msgids.
# The same keywords as `pybabel extract` in the Makefile's `messages` target.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
FIX = "run `make messages`, translate the new or fuzzy entries in {path}, then `make translations`"

# printf-style conversions as Python's % operator reads them: %(name)s, %d, %%, ...
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


@cache
def catalog(lang: str) -> Catalog:
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, abort_invalid=True)


@cache
def template() -> Catalog:
    with POT.open("rb") as f:
        return read_po(f, abort_invalid=True)


@cache
def source_messages() -> dict[tuple[str, str | None], tuple[str | tuple[str, ...], list[str]]]:
    """Every message in the code, extracted in memory exactly as `make messages` does."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    found: dict[tuple[str, str | None], tuple[str | tuple[str, ...], list[str]]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        if not singular:
            continue
        _msg, places = found.setdefault((singular, context), (message, []))
        places.append(f"{filename}:{lineno}")
    return found


def messages(cat: Catalog):
    return [m for m in cat if m.id]


def forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def hashable(value: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else value


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(0) != "%%"}


def stray_percent(text: str) -> bool:
    """A % that is not part of a conversion breaks `text % values` (Jinja formats every string)."""
    return "%" in PLACEHOLDER.sub("", text)


# --- the catalogs ----------------------------------------------------------------------------


def test_source_has_messages_and_the_template_exists():
    assert len(source_messages()) > 100, "extraction found almost nothing: check babel.cfg"
    assert POT.exists(), f"{POT.relative_to(ROOT)} is missing: run `make messages`"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(lang):
    cat = catalog(lang)
    path = po_path(lang).relative_to(ROOT)
    # A catalog whose header is fuzzy is skipped whole by `pybabel compile`.
    assert not cat.fuzzy, f"{path}: the header is marked fuzzy; remove '#, fuzzy' above the first msgid"
    problems = []
    for msg in messages(cat):
        if msg.fuzzy:
            problems.append(f"fuzzy: {msg.id!r}")
        if msg.pluralizable and len(forms(msg.string)) != cat.num_plurals:
            problems.append(f"{len(forms(msg.string))} plural forms instead of {cat.num_plurals}: {msg.id!r}")
        if not all(s.strip() for s in forms(msg.string)):
            problems.append(f"untranslated: {msg.id!r}")
    assert not problems, f"{path}: {len(problems)} message(s) to fix:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", [*LANGUAGES, "pot"])
def test_every_string_in_the_code_is_in_the_catalog(lang):
    cat = template() if lang == "pot" else catalog(lang)
    path = POT.relative_to(ROOT) if lang == "pot" else po_path(lang).relative_to(ROOT)
    missing = []
    for (singular, context), (message, places) in source_messages().items():
        entry = cat.get(singular, context)
        if entry is None:
            missing.append(f"{singular!r} ({', '.join(places)})")
        elif isinstance(message, tuple) and (not entry.pluralizable or tuple(entry.id) != message[:2]):
            missing.append(f"{message!r} (plural changed; {', '.join(places)})")
    fix = FIX.format(path=po_path("<lang>").relative_to(ROOT))
    assert not missing, f"{path} lacks {len(missing)} string(s) found in the code; {fix}:\n  " + "\n  ".join(missing)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    problems = []
    for msg in messages(catalog(lang)):
        wanted = placeholders(forms(msg.id)[-1])  # the plural form's, else the msgid's
        for text in forms(msg.string):
            if not text:
                continue  # reported by the completeness test
            if placeholders(text) != wanted:
                problems.append(f"{msg.id!r}: {text!r} has {sorted(placeholders(text))}, wants {sorted(wanted)}")
            elif stray_percent(text) and not stray_percent(forms(msg.id)[0]):
                problems.append(f"{msg.id!r}: {text!r} has a lone % (write %%)")
    assert not problems, f"{po_path(lang).relative_to(ROOT)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalog_matches_the_po_file(lang):
    """The .mo files are build products (not committed): `make run` and `make test` compile them."""
    mo = po_path(lang).with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: run `make translations`"
    with mo.open("rb") as f:
        compiled = {hashable(m.id): hashable(m.string) for m in read_mo(f) if m.id}
    source = {m.id: m.string for m in messages(catalog(lang)) if not m.fuzzy and all(forms(m.string))}
    stale = {k for k in source.keys() | compiled.keys() if source.get(k) != compiled.get(k)}
    assert not stale, f"{mo.relative_to(ROOT)} is out of date: run `make translations` ({len(stale)} messages differ)"


# --- pages in each language ----------------------------------------------------------------------

DAY_TITLES = {
    "en": "Tuesday, 2 March 2027",
    "nl": "dinsdag 2 maart 2027",
    "fr": "mardi 2 mars 2027",
    "de": "Dienstag, 2. März 2027",
}
FIRST_SLOT = {"en": "09:00", "nl": "09:00", "fr": "09:00", "de": "09:00"}


@pytest.fixture
def web(client):
    """The test client: conftest's IsolatedClient runs each request in its own app context, so a
    language chosen in one request shows in the next, as on a real server."""
    return client


def translated(lang: str, msgid: str) -> str:
    """The catalog's text for ``msgid``; must differ from the English, or the test would prove nothing."""
    if lang == "en":
        return msgid
    text = catalog(lang)[msgid].string
    assert text and text != msgid, f"{lang}: {msgid!r} is not translated"
    return text


def log_in(web, user, **headers):
    response = web.post("/login", data={"email": user.email, "password": PASSWORD}, headers=headers)
    assert response.status_code == 302, response.get_data(as_text=True)


def choose_language_in_profile(web, user, lang):
    data = {"name": user.name, "language": lang, "home_workspace": ""}
    response = web.post("/profile", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_day_page_in_the_members_language(lang, web, clock, make_workspace, make_desk, make_user):
    workspace = make_workspace(name="Dansaert")
    make_desk(workspace, code="A1")
    user = make_user()
    log_in(web, user)
    choose_language_in_profile(web, user, lang)

    # The member's setting wins over the browser's Accept-Language.
    other = "fr" if lang != "fr" else "de"
    html = web.get(f"/workspaces/{workspace.slug}?date=2027-03-02", headers={"Accept-Language": other}).text

    assert f'<html lang="{lang}">' in html
    assert f'<h2 class="day-title">{DAY_TITLES[lang]}</h2>' in html
    assert f"<h2>{translated(lang, 'Book a desk')}</h2>" in html
    assert f">{translated(lang, 'My bookings')}</a>" in html
    assert f'<th scope="col">{FIRST_SLOT[lang]}</th>' in html
    # The profile setting is what a later login uses too.
    web.post("/logout")
    log_in(web, user, **{"Accept-Language": other})
    assert f'<html lang="{lang}">' in web.get("/bookings").text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_anonymous_page_follows_accept_language(lang, web):
    html = web.get("/login", headers={"Accept-Language": f"{lang}-BE,{lang};q=0.9,en;q=0.5"}).text
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{translated(lang, 'Log in')}</h1>" in html
    assert translated(lang, "Forgot your password?") in html


def test_unknown_languages_fall_back_to_english(web):
    html = web.get("/login", headers={"Accept-Language": "pt-PT,pt;q=0.9"}).text
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html


def test_language_switcher_changes_an_anonymous_visitors_pages(web):
    french = {"Accept-Language": "fr"}
    assert '<html lang="fr">' in web.get("/login", headers=french).text

    response = web.post("/language", data={"language": "de", "next": "/login"}, headers=french)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")

    html = web.get("/login", headers=french).text
    assert '<html lang="de">' in html
    assert f"<h1>{translated('de', 'Log in')}</h1>" in html
    assert '<option value="de" lang="de" selected>Deutsch</option>' in html


def test_flash_messages_are_translated(web, make_user):
    user = make_user()
    html = web.post(
        "/login", data={"email": user.email, "password": "wrong password!"}, headers={"Accept-Language": "nl"}
    ).text
    assert str(escape(translated("nl", "The email or password is not right."))) in html


NUMBERS = {  # number(1234.5, 1), money(1234.5, "EUR"), local_date(2 March 2027, "medium")
    "en": ("1,234.5", "€1,234.50", "2 Mar 2027"),
    "nl": ("1.234,5", "€\u00a01.234,50", "2 mrt 2027"),
    "fr": ("1\u202f234,5", "1\u202f234,50\u00a0€", "2 mars 2027"),
    "de": ("1.234,5", "1.234,50\u00a0€", "02.03.2027"),
}


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_numbers_money_and_dates_follow_the_locale(lang, app):
    from coworking.i18n import local_date, money, number

    with app.test_request_context("/", headers={"Accept-Language": lang}):
        assert (number(1234.5, 1), money(1234.5, "EUR"), local_date(date(2027, 3, 2), "medium")) == NUMBERS[lang]


def _every_error_code() -> set[str]:
    """Each code a client or a page can meet: every DomainError (subclasses made anywhere in
    the package included), every plain HTTP answer's code, every text-only code."""
    from coworking import errors

    classes, todo = set(), [errors.DomainError]
    while todo:
        for sub in todo.pop().__subclasses__():
            classes.add(sub)
            todo.append(sub)
    return {cls.code for cls in classes} | set(errors.HTTP_CODES.values()) | set(errors.MESSAGES)


def test_every_error_code_has_a_text_beside_it(app):
    from coworking import errors

    missing = sorted(code for code in _every_error_code() if not errors.message_for(code))
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_error_code_has_a_translated_message(lang, app):
    from coworking.i18n import error_message

    codes = _every_error_code()
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        english = {code: error_message(code) for code in codes}
    assert all(english.values())
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        for code in codes:
            assert error_message(code) == translated(lang, english[code]), code


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_of_desk_has_a_translated_name(lang, app):
    from coworking.workspaces.labels import kind_label
    from coworking.workspaces.rules import DESK_KINDS

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        english = {kind: kind_label(kind) for kind in DESK_KINDS}
    assert all(english[kind] != kind for kind in DESK_KINDS)
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        for kind in DESK_KINDS:
            assert kind_label(kind) == translated(lang, english[kind]), kind
