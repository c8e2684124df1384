"""``make bench``: lstui's performance figures, each a ratio of two things measured in one run."""
