"""The priorities register: a council's priorities with their evidence, its files and the starter library."""
