"""Custom Rasa components and NLU data tools of Steunwijzer (run Rasa with cwd=bot/)."""
