"""The class session: join codes, students and their votes (SQLite)."""
