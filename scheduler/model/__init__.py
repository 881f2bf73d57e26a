"""Planning: the eligible pairs, the greedy start and the CP-SAT model (only ``cpsat`` imports
OR-Tools)."""
