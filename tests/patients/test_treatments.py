import pytest

from patients.models import Treatment

pytestmark = pytest.mark.django_db
URL = "/api/v1/treatments/"


def _body(patient, **overrides):
    return {
        "patient": patient.pk,
        "procedure": "mesotherapy",
        "areas": ["face", "neck"],
        "treated_at": "2026-11-20T14:00:00+03:00",
        "product": "Hyaluronic acid",
        **overrides,
    }


def test_it_lets_a_clinician_record_a_treatment(client_for, charlie, alice):
    response = client_for(charlie).post(URL, _body(alice))
    assert response.status_code == 201
    treatment = Treatment.objects.get(pk=response.json()["id"])
    assert treatment.clinic == alice.clinic
    assert treatment.clinician == charlie
    assert treatment.treated_at.isoformat() == "2026-11-20T11:00:00+00:00"


def test_it_hides_another_clinics_patient(client_for, dave, alice):
    response = client_for(dave).post(URL, _body(alice))
    assert response.status_code == 404
    assert alice.treatments.count() == 1


def test_it_does_not_let_a_patient_record_treatments(client_for, alice):
    assert client_for(alice).post(URL, _body(alice)).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"areas": ["elbow"]}, "areas"),
        ({"areas": []}, "areas"),
        ({"procedure": "botox"}, "procedure"),
        ({"treated_at": "yesterday"}, "treated_at"),
        ({"treated_at": "2099-01-01T10:00:00Z"}, "treated_at"),
    ],
)
def test_it_names_the_field_at_fault(client_for, charlie, alice, overrides, field):
    response = client_for(charlie).post(URL, _body(alice, **overrides))
    assert response.status_code == 400
    assert field in response.json()
    assert alice.treatments.count() == 1


def test_it_lists_only_the_patients_own_treatments(client_for, alice, bob):
    response = client_for(alice).get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert [t["patient"] for t in response.json()["results"]] == [alice.pk]


def test_it_lists_only_the_clinicians_clinic(client_for, charlie, alice, bob, carol):
    patients = {t["patient"] for t in client_for(charlie).get(URL).json()["results"]}
    assert patients == {alice.pk, bob.pk}
