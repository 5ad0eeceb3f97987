"""The guide's glossary rows. Loaded by guide.content."""

# (term, slug, definition, other spellings)
GLOSSARY = [
    (
        "AHA",
        "aha",
        "Alpha hydroxy acid, a family of exfoliating acids that includes glycolic acid. Use "
        "them at a different time from a stem cell serum, and never on freshly treated skin.",
        "AHAs, alpha hydroxy acid, glycolic acid",
    ),
    (
        "Cold chain",
        "cold-chain",
        "Keeping a product refrigerated from the maker to your door. Some fragile serums are "
        "shipped this way so their actives stay potent.",
        "cold-chain",
    ),
    (
        "Conditioned media",
        "conditioned-media",
        "The liquid that stem cells have been grown in, collected after the cells have "
        "released growth factors, cytokines, vesicles and other proteins into it. One of the "
        "main ingredients behind a “stem cell” label, with exosomes and growth factors.",
        "conditioned medium, conditioned-media",
    ),
    (
        "Cytokine",
        "cytokine",
        "A small protein that cells use to signal to each other, for example to calm or "
        "prolong inflammation.",
        "",
    ),
    (
        "Dual-chamber",
        "dual-chamber",
        "Packaging with two compartments that keeps fragile ingredients apart from the rest of "
        "the formula until you dispense it.",
        "dual chamber",
    ),
    (
        "Exosome",
        "exosome",
        "A tiny membrane-bound parcel released by a cell, carrying proteins, lipids and "
        "genetic material to other cells. One type of extracellular vesicle.",
        "extracellular vesicle",
    ),
    (
        "Extracellular matrix",
        "extracellular-matrix",
        "The scaffolding of collagen, elastin and other molecules between skin cells that "
        "gives skin its firmness and spring.",
        "",
    ),
    (
        "Fibroblast",
        "fibroblast",
        "A cell in the dermis that makes collagen, elastin and the rest of the skin's "
        "supporting scaffolding.",
        "",
    ),
    (
        "Fractional laser",
        "fractional-laser",
        "A clinic laser treatment that works on many tiny columns of skin at once, leaving "
        "untreated skin in between to speed healing. Recovery usually takes one to two weeks.",
        "fractional lasers",
    ),
    (
        "Growth factor",
        "growth-factor",
        "A protein that tells cells to grow, multiply or make more collagen. EGF and TGF-β "
        "are examples.",
        "",
    ),
    (
        "Hyaluronic acid",
        "hyaluronic-acid",
        "A moisture-holding molecule found naturally in skin, and a common hydrating "
        "companion in serums.",
        "",
    ),
    (
        "Keratinocyte",
        "keratinocyte",
        "The main cell type of the outer layer of skin (the epidermis).",
        "",
    ),
    (
        "Microneedling",
        "microneedling",
        "A clinic treatment that makes many tiny punctures in the skin to set off repair. "
        "Reparative serums are often used in the recovery window afterwards.",
        "",
    ),
    (
        "Niacinamide",
        "niacinamide",
        "A form of vitamin B3 used for hydration, barrier support and calming; a useful "
        "supporting ingredient.",
        "",
    ),
    (
        "Patch test",
        "patch-test",
        "Trying a small amount of a new product on the inner forearm or behind the ear and "
        "watching it for 48 to 72 hours before using it on your face.",
        "patch testing, patch-test",
    ),
    (
        "PDRN",
        "pdrn",
        "Short for polydeoxyribonucleotide, one of the newer actives appearing on shelves "
        "next to exosomes. This guide mentions it only in passing and does not assess it.",
        "",
    ),
    (
        "Peptide",
        "peptide",
        "A short chain of amino acids. In skincare, peptides are designed to trigger a "
        "particular response and often stand in for larger growth factors.",
        "",
    ),
    (
        "Retinoid",
        "retinoid",
        "A vitamin A derivative with decades of trial evidence against fine lines, "
        "pigmentation and collagen loss. The benchmark other anti-ageing actives are "
        "measured against.",
        "",
    ),
    (
        "Spicules",
        "spicules",
        "Microscopic needle-shaped particles sold as a newer active, named on shelves in the "
        "same breath as exosomes and PDRN. This guide mentions them only in passing and does "
        "not assess them.",
        "spicule",
    ),
    (
        "Barrier function",
        "barrier-function",
        "How well the outer layers of skin keep water in and irritants out. A weakened "
        "barrier, for example after a procedure, leaves skin dry and quick to react.",
        "skin barrier, barrier repair",
    ),
    (
        "Squalane",
        "squalane",
        "A light, stable oil that softens and moisturises the skin.",
        "",
    ),
]
