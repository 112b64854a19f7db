"""The record framework every app runs on. It names no domain model: record types reach it through
the registry (cooperation.core.registry), and foreign keys to domain models are strings.

Models defined here (citations, alternate names, the data version, partner tokens) belong to the
cooperation app, whose models module imports them.
"""
