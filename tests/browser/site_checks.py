"""In-page accessibility checks shared by the site-wide browser tests.

Each function takes a Playwright page and returns a list of problems ([] when clean), so a
test can gather them over many pages and fail once with the whole list.
"""

import re

from django.core import mail

from tests.quality.checkers import AXE, AXE_TAGS

# Everything a keyboard or pointer user can operate.
INTERACTIVE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[role=button], [tabindex]:not([tabindex='-1'])"
)


def log_in(page, base_url: str, email: str, password: str):
    """Sign in through the log-in form, as a person would."""
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


# The answers to sign-up's evening-reminder question (accounts.forms.SignUpForm).
SIGN_UP_YES = "Yes, each evening at 20:00 my time"
SIGN_UP_NO = "No, not now"


def confirmation_path(email: str) -> str:
    """The address-confirmation link allauth mailed to `email` (locmem outbox), as a path."""
    [message] = [m for m in mail.outbox if email in m.to][-1:]
    return re.search(r"/accounts/confirm-email/\S+/", message.body).group(0)


def sign_up(
    page,
    base_url: str,
    email: str,
    password: str,
    *,
    timezone: str | None = None,
    evening_reminder: bool | None = None,
):
    """Sign up and confirm the address from the mail, as a new person would; ends on the
    routines page, signed in. The time zone is left as the browser filled it in unless
    `timezone` is given (typed as given); the evening-reminder question is answered only
    when `evening_reminder` is given."""
    page.goto(base_url + "/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    if timezone is not None:
        page.get_by_label("Time zone").fill(timezone)
    if evening_reminder is not None:
        page.get_by_label(SIGN_UP_YES if evening_reminder else SIGN_UP_NO).check()
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    page.goto(base_url + confirmation_path(email))
    page.get_by_role("button", name="Confirm my address").click()
    page.wait_for_url(re.compile(r"/routines/$"))


def open_main_menu(page):
    """On a phone the signed-in main navigation is folded behind "Menu": open it, as a
    person would before choosing a link there (on wider screens there is no button)."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def axe_available() -> bool:
    return AXE.exists()


def use_axe(context):
    """Make axe-core present in every page of `context`. Init scripts are injected by the
    browser itself, outside the page's CSP, so the strict policy stays on for the test."""
    context.add_init_script(path=str(AXE))


def axe_violations(page) -> list[str]:
    """axe-core's violations for the WCAG 2.0/2.1/2.2 A and AA tags on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` +
                v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(" | ") +
                (v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : ""));
        }""",
        AXE_TAGS,
    )


def horizontal_overflow(page) -> list[str]:
    """The page scrolls sideways at its current width (what overflows, when it does)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            const wide = [...document.body.querySelectorAll("*")].filter(el => {
                const r = el.getBoundingClientRect();
                return r.right > width + 1 && r.width > 0 && !el.closest(".visually-hidden");
            }).slice(0, 3).map(el => el.tagName.toLowerCase() +
                (el.id ? "#" + el.id : "") +
                (el.className && typeof el.className === "string" ?
                    "." + el.className.trim().split(/\\s+/).join(".") : ""));
            return [`scrollWidth ${document.documentElement.scrollWidth} > ${width}: ` +
                wide.join(", ")];
        }"""
    )


_DESCRIBE = """
    function describe(el) {
        const name = (el.getAttribute("aria-label") || el.textContent || el.value ||
            el.getAttribute("name") || el.id || "").trim().replace(/\\s+/g, " ").slice(0, 40);
        return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} “${name}”`;
    }
    function rendered(el) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) return false;
        const s = getComputedStyle(el);
        // select2 hides the real <select> and shows its own widget instead.
        return s.visibility !== "hidden" &&
            !el.closest(".visually-hidden, .select2-hidden-accessible, [hidden], [inert]");
    }
"""


def small_targets(page, minimum: int = 24) -> list[str]:
    """Controls smaller than minimum×minimum CSS px, except links inside a line of text
    (WCAG 2.5.8's inline exception) and the skip link while it is off screen."""
    return page.evaluate(
        """([selector, minimum]) => {"""
        + _DESCRIBE
        + """
            function inSentence(el) {
                if (getComputedStyle(el).display !== "inline") return false;
                let block = el.parentElement;
                while (block && getComputedStyle(block).display.startsWith("inline")) {
                    block = block.parentElement;
                }
                const own = el.textContent.trim().length;
                return block && block.textContent.replace(/\\s+/g, " ").trim().length > own + 2;
            }
            const out = [];
            for (const el of document.querySelectorAll(selector)) {
                if (!rendered(el) || el.disabled && el.type === "hidden") continue;
                const r = el.getBoundingClientRect();
                if (r.bottom < 0) continue;  // the skip link, parked above the page
                if (el.matches("a") && inSentence(el)) continue;
                if (r.width < minimum || r.height < minimum) {
                    out.push(`${describe(el)} is ${Math.round(r.width)}×${Math.round(r.height)}`);
                }
            }
            return out;
        }""",
        [INTERACTIVE, minimum],
    )


def missing_focus_indicator(page) -> list[str]:
    """Controls that show no focus ring (outline or a changed box-shadow) when focused from
    the keyboard. One real Tab press puts the page in keyboard mode; then each control is
    focused in turn and its computed style is read."""
    page.locator("body").focus()
    page.keyboard.press("Tab")
    return page.evaluate(
        """(selector) => {"""
        + _DESCRIBE
        + """
            const out = [];
            const controls = [...document.querySelectorAll(selector)].filter(rendered);
            for (const el of controls) {
                if (el.disabled) continue;
                if (document.activeElement === el) el.blur();
                const before = getComputedStyle(el).boxShadow;
                el.focus({preventScroll: true});
                if (document.activeElement !== el) continue;  // not focusable (e.g. tabindex)
                const s = getComputedStyle(el);
                // "auto" is the browser's own focus ring; otherwise a 2px+ outline.
                const outline = s.outlineStyle === "auto" ||
                    (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2);
                const ring = s.boxShadow !== "none" && s.boxShadow !== before;
                if (!el.matches(":focus-visible")) {
                    out.push(`${describe(el)}: not :focus-visible after a key press`);
                } else if (!outline && !ring) {
                    out.push(`${describe(el)}: no outline or ring when focused`);
                }
            }
            if (document.activeElement) document.activeElement.blur();
            return out;
        }""",
        INTERACTIVE,
    )


def watch_live_regions(page):
    """Start recording text changes inside live regions (aria-live, status, alert)."""
    page.evaluate(
        """() => {
            window.__announced = [];
            const live = "[aria-live]:not([aria-live=off]), [role=status], [role=alert]";
            if (window.__liveObserver) window.__liveObserver.disconnect();
            window.__liveObserver = new MutationObserver(records => {
                for (const record of records) {
                    const node = record.target.nodeType === 1 ?
                        record.target : record.target.parentElement;
                    const region = node && node.closest(live);
                    if (region && region.textContent.trim()) {
                        window.__announced.push(region.textContent.trim().replace(/\\s+/g, " "));
                    }
                }
            });
            window.__liveObserver.observe(document.body,
                {subtree: true, childList: true, characterData: true});
        }"""
    )


def announced(page) -> list[str]:
    """What live regions said since watch_live_regions()."""
    return page.evaluate("() => window.__announced || []")


def wait_for_htmx(page):
    """Wait until htmx has no request in flight and has settled the last swap."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def tab_to(page, locator, limit: int = 150):
    """Press Tab until `locator` has focus; fails if it never does. The focused control
    must show a focus ring (checked on arrival)."""
    handle = locator.element_handle()
    for _ in range(limit):
        if page.evaluate("el => document.activeElement === el", handle):
            assert page.evaluate("el => el.matches(':focus-visible')", handle), locator
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached {locator} with Tab")
