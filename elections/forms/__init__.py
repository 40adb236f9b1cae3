"""Forms of the renewal pages, one module per phase."""
