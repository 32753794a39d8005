"""Publishing and discussion (DESIGN §4): users, sessions, and comment threads on any subject."""
