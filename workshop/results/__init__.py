"""What comes back from participants: intake answers that shape a session, read from the
exports of Microsoft Forms or Google Forms (or a CSV filled in by hand)."""
