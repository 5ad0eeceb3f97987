"""Own products: the ingredient list a user pastes for a product the catalog lacks."""
