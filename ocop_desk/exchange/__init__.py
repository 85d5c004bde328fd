"""Signed-file exchange on the services floor: what a store sends and takes in as bundles.

The formats are `ocop_desk.bundles` (a leaf that knows no store); these are the use cases the
CLI and the GUI call:

- receive: `receive_file` (any signed file: recognise, verify, take in; one outcome, one error)
- session_results: `export_session_results` (council key; `progress`), `last_export_digest`
- member_scorecards: `export_member_scorecards`, `import_member_scorecards`, `register_member_key`
- dossier_packages: `export_dossier_package`, `import_dossier_package`
- dossier_sending: `export_dossier_packages` (a commune's folder of packages), `received_dossiers`
- merge: `merge_files` (`progress`, `cancelled`), `merge_bundle`
- province: `province_report`, `forwarded_products`, `result_history`, `open_province_session`,
  `resolve_conflict`
- authority: the store's facts `bundles.verify.authorise` is given (admin-unit hierarchy,
  registered member keys)
"""
