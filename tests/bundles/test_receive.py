"""One service takes in a signed file of any kind (CLI and screen alike); the formats know no store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bundle_helpers import english_messages, secretary  # noqa: F401  (fixtures)
from bundle_helpers import SECRETARY_SESSION, council_key, make_party, trust_member
from ocop_desk.bundles import trust
from ocop_desk.bundles.errors import BundleMalformed
from ocop_desk.exchange.member_scorecards import ScorecardImport, export_member_scorecards
from ocop_desk.exchange.receive import receive_file
from ocop_desk.exchange.session_results import export_session_results
from tests.core_fixtures import close_session, snapshot

SID = SECRETARY_SESSION


def test_member_scorecards_are_recognised_taken_in_and_said_once(tmp_path: Path, secretary) -> None:
    member = make_party("member", "tv02", "065")
    t = trust_member(secretary, tmp_path / "trust.json", member)
    card = tmp_path / "tv02.ocop"
    export_member_scorecards(secretary, SID, "tv02", member.signer, card)
    first = receive_file(secretary, card, t)
    assert first.kind == "member-scorecards" and first.status == "imported"
    assert isinstance(first.outcome, ScorecardImport) and first.outcome.member == "tv02"
    assert first.summary().startswith(f"Scorecards of member tv02 for session {SID}: imported")
    # the trust store may also be named by its file, as the CLI's --trust does
    again = receive_file(secretary, card, tmp_path / "trust.json")
    assert again.status == "unchanged" and "unchanged" in again.summary()


def test_what_is_kept_is_the_bytes_that_were_verified_not_a_second_read(tmp_path: Path, secretary) -> None:
    """A file swapped on the stick between the check and the write must not be what the store keeps."""
    import hashlib

    from sqlalchemy import select

    from ocop_desk.bundles.envelope import read_envelope
    from ocop_desk.bundles.verify import verify_envelope
    from ocop_desk.exchange.member_scorecards import take_member_scorecards
    from ocop_desk.store.province import EnvelopeReceived

    member = make_party("member", "tv02", "065")
    t = trust_member(secretary, tmp_path / "trust.json", member)
    card = tmp_path / "tv02.ocop"
    export_member_scorecards(secretary, SID, "tv02", member.signer, card)
    verified_bytes = card.read_bytes()
    verified = verify_envelope(read_envelope(card), t)
    card.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # the file is replaced once it has been checked
    outcome = take_member_scorecards(secretary, verified)
    with secretary.read() as s:
        row = s.get(EnvelopeReceived, outcome.envelope_id)
        assert row is not None
        assert row.content == verified_bytes and row.sha256 == hashlib.sha256(verified_bytes).hexdigest()
        assert s.scalars(select(EnvelopeReceived.sha256)).all() == [row.sha256]


def test_session_results_are_refused_with_the_same_message_everywhere(tmp_path: Path, secretary,
                                                                     run_cli) -> None:
    council = council_key("HD-065", "065")
    t, _entry = trust.add_key(trust.load_trust(tmp_path / "trust.json"), council.stored.public)
    close_session(secretary, SID)
    out = tmp_path / "ket-qua.ocop"
    export_session_results(secretary, SID, council.signer, out)
    before = snapshot(secretary)
    with pytest.raises(BundleMalformed) as caught:
        receive_file(secretary, out, t)
    assert "session results are merged into the province store" in caught.value.message
    assert caught.value.file == str(out) and snapshot(secretary) == before
    code, _text, err = run_cli("--lang", "en", "--db", secretary.url, "bundle", "import", str(out),
                               "--trust", str(tmp_path / "trust.json"))
    assert code == BundleMalformed.exit_code and caught.value.message in err


def test_the_formats_import_no_store_and_no_service() -> None:
    code = ("import sys, ocop_desk.bundles.envelope, ocop_desk.bundles.keys, ocop_desk.bundles.trust, "
            "ocop_desk.bundles.verify, ocop_desk.bundles.session_results, ocop_desk.bundles.member_scorecards, "
            "ocop_desk.bundles.dossier_package\n"
            "above = ('ocop_desk.store', 'ocop_desk.exchange', 'ocop_desk.sessions', 'ocop_desk.results', "
            "'ocop_desk.catalogue', 'ocop_desk.interchange', 'ocop_desk.dossiers', 'ocop_desk.audit', 'sqlalchemy')\n"
            "print(sorted(m for m in sys.modules if m.startswith(above)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]", done.stdout
