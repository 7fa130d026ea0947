"""The access gate: every read of a patient's data goes through these selectors."""

import pytest
from django.http import Http404

from patients.selectors import patient_get, treatment_get, visible_patients, visible_treatments

pytestmark = pytest.mark.django_db


def test_it_shows_a_patient_only_themselves(alice, bob):
    assert list(visible_patients(user=alice.user)) == [alice]
    with pytest.raises(Http404):
        patient_get(user=alice.user, patient_id=bob.pk)


def test_it_shows_a_patient_only_their_treatments(alice, bob):
    with pytest.raises(Http404):
        treatment_get(user=alice.user, treatment_id=bob.treatments.get().pk)
    assert visible_treatments(user=alice.user).count() == 1


def test_it_shows_a_clinician_only_their_clinics_patients(charlie, alice, bob, carol):
    assert set(visible_patients(user=charlie)) == {alice, bob}
    with pytest.raises(Http404):
        patient_get(user=charlie, patient_id=carol.pk)
    with pytest.raises(Http404):
        treatment_get(user=charlie, treatment_id=carol.treatments.get().pk)


def test_it_shows_a_clinician_of_two_clinics_both(charlie, dave, alice, carol, other_clinic):
    other_clinic.memberships.create(user=charlie)
    assert set(visible_patients(user=charlie)) == {alice, carol}


def test_it_shows_nothing_to_a_user_without_a_role(django_user_model, alice):
    stranger = django_user_model.objects.create_user(username="stranger")
    assert not visible_patients(user=stranger).exists()
