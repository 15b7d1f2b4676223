"""The pure core: rules as data, scoring, eligibility, recusal, consensus, ranking, voting.

No Qt, no SQLAlchemy, no I/O. Everything here takes plain values and returns plain values.
"""
