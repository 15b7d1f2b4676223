"""Qt item models over domain objects; each passes Qt's model tester."""
