"""Signed bundles as formats: keys, trust, the envelope, and each kind's payload.

A leaf: plain documents in, signed envelopes out, and back; it knows no store
and no service (taking a bundle into a store is `ocop_desk.exchange`).
docs/bundle-format.md for the format.

- keys: `new_key`, `save_key`, `list_keys`, `find_key`, `unlock`, `import_key`,
  `revoke_key`, `read_passphrase`, `read_public_key`
- trust: `load_trust`, `add_key` / `add_key_file`, `revoke`
- verify: `inspect_bundle` (a verdict object, never raises for a bad file),
  `verify_bundle` (raises a `BundleRejected` subclass), `authorise` (claims against the signing
  key, given the receiver's facts as callables), `newer_than_current`
- session_results, member_scorecards, dossier_package: each kind's payload files, read and built

Nothing here imports Qt; heavy libraries are imported inside the functions.
"""
