"""One optimistic-locking check for every service that edits a versioned object."""

import pytest
from django.core.exceptions import ValidationError

from projects.models import Submission
from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version


@pytest.mark.parametrize("read", [3, "3", " 3 "])
def test_current_version_as_int_or_posted_text_passes(read):
    check_version(Submission(version=3), read)


def test_stale_version_is_a_conflict_naming_both_versions():
    with pytest.raises(Conflict) as error:
        check_version(Submission(version=4), "3")

    assert str(error.value) == (
        "Quelqu'un a fait une modification entre-temps (version 4, vous lisiez la version 3) : "
        "rechargez la page avant de recommencer."
    )


def test_stale_message_of_the_caller_is_used():
    with pytest.raises(Conflict) as error:
        check_version(Submission(version=4), 2, stale="Version %(yours)d lue, %(current)d en base.")

    assert str(error.value) == "Version 2 lue, 4 en base."


def test_missing_version_is_a_validation_error_on_version():
    with pytest.raises(ValidationError) as error:
        check_version(Submission(version=1), None, missing="Relisez d'abord.")

    assert error.value.message_dict == {"version": ["Relisez d'abord."]}


@pytest.mark.parametrize("read", ["abc", "", "1.5", 1.0, True, [1]])
def test_version_that_is_not_a_whole_number_is_a_validation_error(read):
    with pytest.raises(ValidationError) as error:
        check_version(Submission(version=1), read)

    assert error.value.message_dict == {"version": ["La version lue n'est pas un nombre entier."]}
