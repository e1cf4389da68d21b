"""Steunwijzer's Rasa action server: thin actions over the referral service."""
