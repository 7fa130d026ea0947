from django.core.management import call_command


def test_it_generates_a_valid_schema_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for component in ("EntryListInputRequest", "EscalationResolveInputRequest", "checkinLink"):
        assert component in schema
    assert "Invalid input; nothing was stored" in schema
