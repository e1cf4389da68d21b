"""The chat's message length limit and its Dutch hint, as the widget enforces them.

The Rasa server holds the same values (bot/components/message_limit.py) and answers
a longer message that reaches it anyway with the same text; a test holds the two
files to the same values. Plain literals, so that test can read this file without
importing the referral service.
"""

# Characters (code points), as the widget counts them with Array.from(text).length.
MAX_LENGTH = 500
TOO_LONG = "Uw bericht is te lang. Schrijf het korter, in minder dan 500 tekens."
