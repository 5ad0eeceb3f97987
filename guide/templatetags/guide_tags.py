import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from guide import searchtext

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data):
    """A <script type="application/ld+json"> data block. Browsers never run it, so CSP's
    script-src does not apply and it needs no nonce: the page stays the same for everyone."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308
    )


@register.filter
def highlight(text, terms):
    """Escape text and wrap the search terms in <mark>."""
    return searchtext.highlight(str(text or ""), list(terms or []))
