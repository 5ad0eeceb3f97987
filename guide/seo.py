"""Structured data for search engines, built as plain dicts (rendered by guide_tags.ld_json)."""

from guide.rendering import plain_text


def faq_page_data(entries) -> dict:
    """schema.org FAQPage for the given FAQ entries."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(entry.answer)},
            }
            for entry in entries
        ],
    }
