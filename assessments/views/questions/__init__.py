"""Admin pages of the question bank and papers (题库、细目表、组卷): thin, services do the work."""
