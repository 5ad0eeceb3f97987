"""The guide's FAQ rows: (slug, question, answer). Loaded by guide.content."""

FAQ = [
    (
        "live-stem-cells",
        "Is there anything alive in a stem cell serum?",
        "Hardly ever. The bottle holds things stem cell cultures produced (conditioned media, "
        "exosomes, growth factors or peptides), which are the messages those cells send, not "
        "donor cells that are still alive. "
        "[What the label really means](/guide/what-stem-cell-means/).",
    ),
    (
        "erase-wrinkles",
        "Can a stem cell serum get rid of my wrinkles?",
        "Not deep ones: no cream or serum can be relied on for that. They can help with "
        "fine lines, texture and hydration, and support collagen production over time. "
        "For a dramatic change to deep lines or lost volume, clinic treatments such as fillers, "
        "lasers or energy-based collagen stimulators are usually needed.",
    ),
    (
        "how-long-for-results",
        "How long before I see results?",
        "Better hydration and less redness can show up within days. Changes to texture, "
        "brightness and fine lines usually take four to twelve weeks, as the skin's "
        "scaffolding is remodelled. [The full timeline](/guide/results-timeline/).",
    ),
    (
        "human-growth-factors-safe",
        "Are human-derived growth factors safe?",
        "On the skin, and made with care, conditioned media and purified growth factors are "
        "generally regarded as safe. A reputable brand screens its donors and purifies and "
        "sterilises what it makes. Patch test anyway, and if you have an immune disorder or "
        "another medical condition, ask a doctor first. "
        "[Safety and sourcing](/guide/safety-and-sourcing/).",
    ),
    (
        "with-retinoids-and-acids",
        "Does a stem cell serum mix with a retinoid or an acid?",
        "Yes, as long as you keep irritation in check. Clinicians often suggest using them at "
        "different times: for example, the retinoid on some nights and the stem cell serum on "
        "the others, or the serum straight after a procedure. If your skin gets irritated, use "
        "them less often or move one to the morning and the other to the evening. "
        "[Pairing with other actives](/guide/how-to-use/#pairing-with-other-actives).",
    ),
    (
        "plant-extracts-effective",
        "Do plant stem cell extracts work?",
        "Not in the way human growth factors do. What plant extracts usually offer is "
        "antioxidant protection. That makes them a reasonable pick for vegans or for anyone "
        "after antioxidant support, as long as you accept that they talk to human skin in a "
        "different way from human-derived media.",
    ),
    (
        "storage",
        "How should I store these products?",
        "Do what the brand says. Some potent serums are better kept in the fridge or are "
        "shipped cold; others use stabilisers and airless packaging. Keep any of them away "
        "from long spells of heat and direct sunlight. "
        "[Storage tips](/guide/how-to-use/#storage).",
    ),
    (
        "who-benefits",
        "Who gets the most out of these serums?",
        "People recovering from clinic treatments, people with mature or thin skin who want "
        "it to be more resilient, and anyone looking for an extra alongside a proven "
        "anti-ageing routine. If your concerns are mild, an affordable peptide serum and a "
        "retinoid used consistently may give you much the same result.",
    ),
    (
        "worth-the-price",
        "Is a premium stem cell serum worth paying for?",
        "That depends on the job. To recover from a procedure, or to get more from clinic "
        "treatments, a well-made conditioned-media serum can earn its price. For everyday "
        "anti-ageing care, first see what a peptide serum plus proven actives does for you, "
        "before buying an expensive bottle again and again. "
        "[Cost and value](/guide/cost-and-value/).",
    ),
    (
        "regulated-like-drugs",
        "Are these products regulated like drugs?",
        "At the moment most of them are sold as cosmetics or cosmeceuticals. A product that "
        "promises to alter the skin's structure or function in a big way, for example to cure "
        "a disease or regrow tissue, may be treated by regulators as a drug or biologic, with "
        "much stricter oversight.",
    ),
    (
        "choosing-between-brands",
        "Which of the well-known serums should I pick?",
        "Start from what you need. SkinMedica is aimed at texture and collagen support, with "
        "a stable dual-chamber design. Neocutis focuses on growth factors for quick firming. "
        "Angela Caglia and Symbiome lean towards recovery and hydration. Kate Somerville is "
        "the plant-based choice. Eighth Day uses a peptide and growth-factor blend aimed at "
        "brightening. Then check the packaging, how open the brand is about ingredients, "
        "whether clinicians back it, and whether any clinical data has been published. "
        "[Compare them in the catalog](/catalog/).",
    ),
    (
        "sensitive-skin",
        "Can I use these serums if my skin is sensitive?",
        "Many people with sensitive skin get on well with them, especially formulas made for "
        "use after procedures that have a lot of conditioned media and few other actives. "
        "Still, patch test first and bring the serum in slowly.",
    ),
    (
        "future-developments",
        "What developments can we expect?",
        "More standard ways of measuring potency, better delivery for fragile molecules, "
        "bigger independent trials and clearer rules from regulators. Exosomes, and ways of "
        "delivering vesicles to the right place, are likely to see the most innovation. "
        "[Future directions](/guide/future-directions/).",
    ),
]
