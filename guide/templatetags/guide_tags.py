import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from guide import searchtext

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def ld_json(context, data):
    """A <script type="application/ld+json"> block carrying the request's CSP nonce."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    nonce = context.get("csp_nonce", "")
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        nonce,
        mark_safe(payload),  # noqa: S308
    )


@register.filter
def highlight(text, terms):
    """Escape text and wrap the search terms in <mark>."""
    return searchtext.highlight(str(text or ""), list(terms or []))
