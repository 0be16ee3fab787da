"""The review service as its users meet it: Chromium (Playwright driving Debian's ``chromium``) against a real
``mt serve``, each person signing in with a password through the form. Assertions are on what the page shows."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, free_port, serve, stop

CHROMIUM = Path("/usr/bin/chromium")
PASSWORDS = {"anna": "Schreibtisch am Fenster 7", "rolf": "Korrektur mit Rotstift 3", "ada": "Verwaltung im Keller 11"}
ROLES = {"anna": "editor", "rolf": "reviewer", "ada": "admin"}
WHEN = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")  # a time as the pages show it
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)"),
]


def add_accounts(db: Path) -> None:
    for name, password in PASSWORDS.items():
        done = subprocess.run(
            [sys.executable, "-m", "mt", "users", "add", name, "--role", ROLES[name], "--password-stdin",
             "--db", f"sqlite:///{db}"],
            input=password + "\n", cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr


def browser_of(playwright):
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )


def sign_in(browser, base: str, name: str, password: str | None = None):
    """A new browser profile of ``name``, signed in through the form as a person does."""
    from playwright.sync_api import expect

    page = browser.new_context().new_page()
    page.goto(f"{base}/")
    expect(page.locator("h1")).to_have_text("Sign in")
    page.fill('input[name="username"]', name)
    page.fill('input[name="password"]', password or PASSWORDS[name])
    page.click('#login button[type="submit"]')
    return page


def test_editors_reviewers_and_admins_sign_in_with_passwords_and_work_through_the_pages(tmp_path, seed_text):
    from playwright.sync_api import expect, sync_playwright

    db, port = tmp_path / "review.sqlite", free_port()
    add_accounts(db)
    server, _ = serve(db, port, "--no-token")
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = browser_of(p)
            wrong = sign_in(browser, base, "anna", "not the right one at all")
            expect(wrong.locator("p.error")).to_have_text("Wrong user name or password.")
            assert wrong.locator("html").get_attribute("lang") == "en"

            anna = sign_in(browser, base, "anna")
            expect(anna.locator("header .who")).to_contain_text("anna (editor)")
            anna.fill('#add input[name="title"]', "Lavrov")
            anna.fill('#add textarea[name="text"]', seed_text)
            anna.click('#add button[type="submit"]')
            expect(anna.locator("h1")).to_have_text("Lavrov", timeout=60_000)

            # Accept a flag with its second suggestion, not its first.
            card = anna.locator(".flag", has=anna.locator("b", has_text="Hochgeschwindige"))
            options = card.locator(".suggestions input")
            second = options.nth(1).get_attribute("data-text")
            assert options.count() >= 2 and second != options.nth(0).get_attribute("data-text")
            options.nth(1).check()
            card.locator("button.accept").click()
            expect(card.locator(".state")).to_contain_text(f'accept → "{second}" · anna, ')
            assert WHEN.search(card.locator(".state").inner_text())

            # Edit another inline: no prompt(), a field in the card.
            flash = anna.locator(".flag", has=anna.locator("b", has_text="Flashpoint"))
            flash.locator("button.edit").click()
            flash.locator('form.editor input[name="replacement"]').fill("Krisenherd")
            flash.locator('form.editor input[name="replacement"]').press("Enter")
            expect(flash.locator(".state")).to_contain_text('edit → "Krisenherd" · anna')

            anna.click("#apply")
            expect(anna.locator("#english")).not_to_be_empty(timeout=90_000)
            german = anna.locator("#german").inner_text()
            assert second in german and "Krisenherd" in german and "Hochgeschwindige" not in german

            # A request the service refuses says so on the page.
            anna.fill('#term input[name="german"]', "Auswärtiges Amt")  # a phrase: not a term
            anna.fill('#term input[name="english"]', "Foreign Office")
            anna.click("#term button")
            expect(anna.locator("#notice")).to_contain_text("Not saved:")
            anna.fill('#term input[name="german"]', "Botschaft")  # "messages" in every article: a term for it
            anna.fill('#term input[name="english"]', "embassy")
            anna.click("#term button")
            expect(anna.locator("#term-state")).to_contain_text("proposed")

            # Edit one English sentence in place and confirm another.
            first = anna.locator("tr.pair").first
            first.locator("td.english").click()
            first.locator("td.english textarea").fill("Lavrov announces new talks between Russia and the US.")
            first.locator("td.english textarea").press("Enter")
            expect(first.locator("td.english .sentence")).to_have_text(
                "Lavrov announces new talks between Russia and the US."
            )
            expect(first.locator("td.english")).to_have_class(re.compile(r"\bedited\b"))
            expect(first.locator("td.english")).to_contain_text("edited by anna, ")
            assert WHEN.search(first.locator("td.english").inner_text())
            other = anna.locator("tr.pair").nth(1)
            other.locator("button.confirm").click()
            expect(other.locator("td.english")).to_contain_text("confirmed by anna")

            # After a reload the sentence view is there again, with the edit.
            anna.reload()
            expect(anna.locator("tr.pair").first.locator("td.english .sentence")).to_have_text(
                "Lavrov announces new talks between Russia and the US.", timeout=90_000
            )
            expect(
                anna.locator(".flag", has=anna.locator("b", has_text="Hochgeschwindige")).locator(".state")
            ).to_contain_text(second)

            # The reviewer approves the rule the accepted flag proposed, and the term.
            rolf = sign_in(browser, base, "rolf")
            rule = rolf.locator("#rules tr", has=rolf.locator("td", has_text="Hochgeschwindige"))
            expect(rule.locator(".status")).to_have_text("proposed")
            rule.locator('button[data-verdict="approve"]').click()
            rule = rolf.locator("#rules tr", has=rolf.locator("td", has_text="Hochgeschwindige"))
            expect(rule.locator(".status")).to_have_text("approved")
            expect(rule.locator("td.who-when").last).to_contain_text("rolf, ")
            term = rolf.locator("#terms tr", has=rolf.locator("td", has_text="Botschaft"))
            term.locator('button[data-verdict="approve"]').click()
            term = rolf.locator("#terms tr", has=rolf.locator("td", has_text="Botschaft"))
            expect(term.locator(".status")).to_have_text("approved")

            # The editor's next article shows both.
            anna.goto(f"{base}/")
            anna.fill('#add input[name="title"]', "Next day")
            anna.fill('#add textarea[name="text"]', "Die Hochgeschwindige Delegation traf sich in der Botschaft.\n")
            anna.click('#add button[type="submit"]')
            expect(anna.locator("h1")).to_have_text("Next day", timeout=60_000)
            learned = anna.locator(".flag", has=anna.locator("b", has_text="Hochgeschwindige"))
            expect(learned.locator(".meta")).to_contain_text("learned")
            expect(learned.locator(".suggestions")).to_contain_text(second)
            anna.click("#apply")
            expect(anna.locator("#english")).to_contain_text("embassy", timeout=90_000)

            # The admin reads the history: every step with who and when.
            ada = sign_in(browser, base, "ada")
            ada.click('header a[href="/audit"]')
            history = ada.locator("#history")
            for who, action in [
                ("anna", "login.refused"),
                ("anna", "decision.add"),
                ("anna", "sentence.edit"),
                ("anna", "sentence.confirm"),
                ("anna", "term.propose"),
                ("rolf", "rule.approve"),
                ("rolf", "term.approve"),
            ]:
                row = history.locator("tr", has=ada.locator("td", has_text=action)).filter(has_text=who).first
                expect(row).to_be_visible()
                assert WHEN.search(row.locator("td").first.inner_text().replace("T", " "))
            browser.close()
    finally:
        stop(server)


def test_a_browser_with_another_sites_page_cannot_sign_in_or_post(tmp_path):
    """The same form submitted from another origin's page is refused, on a page, and recorded."""
    from playwright.sync_api import expect, sync_playwright

    db, port, other = tmp_path / "review.sqlite", free_port(), free_port()
    add_accounts(db)
    server, _ = serve(db, port, "--no-token")
    evil = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(other), "--bind", "127.0.0.1", "--directory", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    (tmp_path / "evil.html").write_text(
        f'<form method="post" action="http://127.0.0.1:{port}/login"><input name="username" value="anna">'
        f'<input name="password" value="{PASSWORDS["anna"]}"><button>go</button></form>',
        encoding="utf-8",
    )
    try:
        with sync_playwright() as p:
            browser = browser_of(p)
            page = browser.new_page()
            page.goto(f"http://localhost:{other}/evil.html")
            page.click("button")
            expect(page.locator("p.error")).to_contain_text("cross-origin request refused")
            page.goto(f"http://127.0.0.1:{port}/")
            expect(page.locator("h1")).to_have_text("Sign in")  # no session was made
            browser.close()
        history = subprocess.run(
            [sys.executable, "-m", "mt", "audit", "--db", f"sqlite:///{db}"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        assert "login.refused" in history and "cross-origin" in history
    finally:
        evil.terminate()
        stop(server)
