"""State changes, one module per phase; every public function is one intent and writes one audit
event in its transaction."""
