"""Signed bundles: keys, trust, the envelope format, and the province merge.

The calls a screen or a command needs (docs/bundle-format.md for the format):

- keys: `new_key`, `save_key`, `list_keys`, `find_key`, `unlock`, `import_key`,
  `revoke_key`, `read_passphrase`, `read_public_key`
- trust: `load_trust`, `add_key` / `add_key_file`, `revoke`
- verify: `inspect_bundle` (a verdict object, never raises for a bad file),
  `verify_bundle` (raises a `BundleRejected` subclass)
- session_results: `export_session_results` (council key; `progress`)
- member_scorecards: `export_member_scorecards`, `import_member_scorecards`, `register_member_key`
- dossier_package: `export_dossier_package`, `import_dossier_package`
- merge: `merge_files` (`progress`, `cancelled`), `merge_bundle`
- province: `province_report`, `forwarded_products`, `result_history`, `open_province_session`

Nothing here imports Qt; heavy libraries are imported inside the functions.
"""
