"""The review office's use cases (and the team leader's merge): one unit of work each."""
