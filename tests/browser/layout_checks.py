"""In-page layout checks for the layout guards (tests/browser/test_layout_guards.py).

`layout_problems(page)` returns a list of problems on the page as it is laid out now, at the
current viewport width ([] when clean):

- **too wide**: an element reaches past the viewport's left or right edge, unless an
  ancestor that scrolls or clips sideways (a table in `.table-scroll`) holds it;
- **clipped**: text cut off by its own box (overflow hidden/clip, or an ellipsis), or an
  SVG label drawn outside its picture;
- **broken word**: a word split across two lines although it is narrower than its box.
  "Its box" is the nearest ancestor whose width is not negotiated with siblings in a flex
  row: a name squeezed by its neighbours (``overflow-wrap: anywhere`` in a flex row) is a
  defect, an unbroken 80-character name wider than its card is not.

Hidden text (`.visually-hidden`, closed `<details>`), form controls (their value scrolls
inside them) and code blocks are left out.
"""

_CHECKS = r"""
() => {
    const vw = document.documentElement.clientWidth;
    const out = [];
    const SKIP = ".visually-hidden, .select2-hidden-accessible, [hidden], [inert], " +
        "script, style, template, noscript, head";
    const CONTROLS = "input, select, textarea, option, pre, code";

    function describe(el) {
        let name = el.tagName.toLowerCase();
        if (el.id) name += "#" + el.id;
        else if (typeof el.className === "string" && el.className.trim()) {
            name += "." + el.className.trim().split(/\s+/).slice(0, 2).join(".");
        }
        const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 30);
        return text ? `${name} “${text}”` : name;
    }
    function shown(el) {
        if (el.closest(SKIP)) return false;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) return false;
        const s = getComputedStyle(el);
        return s.visibility !== "hidden" && s.display !== "none";
    }
    function holdsSideways(el) {
        const s = getComputedStyle(el);
        return ["auto", "scroll", "hidden", "clip"].includes(s.overflowX);
    }

    // One pass over the elements: too wide (the outermost element past an edge, unless a
    // sideways scroller or clipper that itself fits holds it) and clipped (a box that hides
    // its own overflowing text).
    const wide = new Set();
    for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const outside = r.right > vw + 1 || r.left < -1;
        const overflows = el.scrollWidth > el.clientWidth + 1 ||
            el.scrollHeight > el.clientHeight + 1;
        if (!outside && !overflows) continue;
        if (el.closest(SKIP)) continue;
        const s = getComputedStyle(el);
        if (s.visibility === "hidden") continue;
        if (outside && !(s.position === "fixed" && r.bottom < 0)) {
            let held = false;
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                if (wide.has(a)) { held = true; break; }
                if (holdsSideways(a)) {
                    const ar = a.getBoundingClientRect();
                    if (ar.right <= vw + 1 && ar.left >= -1) { held = true; break; }
                }
            }
            if (!held) {
                wide.add(el);
                out.push(`too wide: ${describe(el)} spans ${Math.round(r.left)}…` +
                    `${Math.round(r.right)} px in a ${vw} px viewport`);
            }
        }
        const clips = ["hidden", "clip"].includes(s.overflowX) ||
            ["hidden", "clip"].includes(s.overflowY) || s.textOverflow === "ellipsis";
        if (overflows && clips && !el.matches(CONTROLS) && (el.textContent || "").trim()) {
            out.push(`clipped: ${describe(el)} shows ${el.clientWidth}×${el.clientHeight}` +
                ` of ${el.scrollWidth}×${el.scrollHeight} px`);
        }
    }
    if (document.documentElement.scrollWidth > vw + 1 && wide.size === 0) {
        out.push(`too wide: the page scrolls sideways (${document.documentElement.scrollWidth}` +
            ` px in a ${vw} px viewport)`);
    }
    for (const text of document.querySelectorAll("svg text")) {
        const svg = text.ownerSVGElement;
        if (!svg || !shown(svg) || !text.textContent.trim()) continue;
        const r = text.getBoundingClientRect(), box = svg.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1 ||
            r.top < box.top - 1 || r.bottom > box.bottom + 1) {
            out.push(`clipped: svg label “${text.textContent.trim()}” is drawn outside its` +
                ` picture`);
        }
    }

    // Broken words.
    function boxOf(el) {
        // Walk past items of flex rows: their width is shared out with their siblings.
        let box = el;
        while (box.parentElement) {
            const ps = getComputedStyle(box.parentElement);
            const row = ps.display.includes("flex") && !ps.flexDirection.startsWith("column");
            const inline = getComputedStyle(box).display.startsWith("inline");
            if (!row && !inline) break;
            box = box.parentElement;
        }
        const s = getComputedStyle(box);
        return box.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const seen = new Set();
    for (let node; (node = walker.nextNode());) {
        const el = node.parentElement;
        if (!el || node.textContent.trim().length < 4) continue;
        if (el.closest(CONTROLS) || el.closest("svg") || !shown(el)) continue;
        // A word can only break in a box narrower than it: skip text whose longest word,
        // at a generous 1em a character, fits the width of the block it is set in.
        let block = el;
        while (block.parentElement && getComputedStyle(block).display.startsWith("inline")) {
            block = block.parentElement;
        }
        const longest = Math.max(...node.textContent.split(/[\s\-\/–—]+/).map(w => w.length));
        const em = parseFloat(getComputedStyle(el).fontSize);
        if (longest * em <= block.clientWidth) continue;
        // Only text laid out on more than one line can hold a broken word.
        range.selectNodeContents(node);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size < 2) continue;
        // Words, each ending where a line may break anyway (after a hyphen or a slash).
        for (const m of node.textContent.matchAll(/[^\s\-\/–—]+[\-\/–—]?/g)) {
            if (m[0].length < 4) continue;
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const rects = [...range.getClientRects()].filter(r => r.width > 0);
            const tops = new Set(rects.map(r => Math.round(r.top)));
            if (tops.size < 2) continue;
            const width = rects.reduce((sum, r) => sum + r.width, 0);
            const room = boxOf(el);
            if (width <= room + 1) {
                const key = `${describe(el)}|${m[0]}`;
                if (seen.has(key)) continue;
                seen.add(key);
                out.push(`broken word: “${m[0].slice(0, 40)}” (${Math.round(width)} px) in ` +
                    `${describe(el)}, which has ${Math.round(room)} px`);
            }
        }
    }
    return out;
}
"""


def layout_problems(page) -> list[str]:
    """Everything too wide, clipped or broken on the page at its current width."""
    return page.evaluate(_CHECKS)
