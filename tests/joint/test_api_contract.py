"""The joint position's API as DESIGN.md §4 writes it: ``quotes`` is a list of position ids both ways
(a body read by GET may be sent back by PUT), ``quoted_positions`` gives the quoted arguments; bad
bodies are refused with 400 naming the field, and nothing changes."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from joint import services
from joint.models import JointPosition

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def _url(world) -> str:
    return f"/api/v1/consultations/{world['consultation'].pk}/joint-position/"


def _draft(world, names=("Beta", "Alpha")):
    return services.save_joint_position(
        consultation=world["consultation"],
        by=world["chair"],
        text="L'association **soutient** l'action.",
        quotes=[world["positions"][name].pk for name in names],
        public=True,
    )


def _stored(joint) -> tuple:
    joint.refresh_from_db()
    return joint.text, joint.public, joint.version, sorted(joint.quotes.values_list("pk", flat=True))


def test_get_gives_quotes_as_ids_and_the_quoted_arguments_in_the_same_order(api_client, world):
    _draft(world)
    api_client.force_authenticate(world["chair"])
    alpha, beta = world["positions"]["Alpha"], world["positions"]["Beta"]

    body = api_client.get(_url(world)).json()

    assert body["quotes"] == [alpha.pk, beta.pk]
    assert body["quoted_positions"] == [
        {"id": alpha.pk, "company": "Alpha SA", "stance": "support", "argument": "Argument de Alpha"},
        {"id": beta.pk, "company": "Beta SA", "stance": "oppose", "argument": "Argument de Beta"},
    ]


def test_a_body_read_by_get_is_accepted_back_by_put(api_client, world):
    joint = _draft(world)
    api_client.force_authenticate(world["chair"])
    read = api_client.get(_url(world)).json()

    written = api_client.put(_url(world), read, format="json")

    assert written.status_code == 200
    assert _stored(joint) == (read["text"], read["public"], read["version"] + 1, sorted(read["quotes"]))
    again = written.json()
    assert (again["quotes"], again["quoted_positions"]) == (read["quotes"], read["quoted_positions"])


def test_a_round_trip_with_no_quote_keeps_none(api_client, world):
    joint = _draft(world, names=())
    api_client.force_authenticate(world["staff"])
    read = api_client.get(_url(world)).json()

    written = api_client.put(_url(world), read, format="json")

    assert (read["quotes"], read["quoted_positions"]) == ([], [])
    assert written.status_code == 200
    assert _stored(joint)[3] == []


def test_a_position_quoted_twice_is_quoted_once(api_client, world):
    api_client.force_authenticate(world["chair"])
    alpha = world["positions"]["Alpha"].pk

    response = api_client.put(_url(world), {"text": "Texte", "quotes": [alpha, alpha, alpha]}, format="json")

    assert response.status_code == 200
    assert response.json()["quotes"] == [alpha]
    assert list(JointPosition.objects.get().quotes.values_list("pk", flat=True)) == [alpha]


BAD_BODIES = [
    ("quotes", {"text": "Texte", "quotes": ["abc"]}),
    ("quotes", {"text": "Texte", "quotes": [1.5]}),
    ("quotes", {"text": "Texte", "quotes": [10**30]}),
    ("quotes", {"text": "Texte", "quotes": [0]}),
    ("quotes", {"text": "Texte", "quotes": [None]}),
    ("quotes", {"text": "Texte", "quotes": "1,2"}),
    ("quotes", {"text": "Texte", "quotes": list(range(1, 502))}),
    # The quoted arguments' details are read only: sending them back as quotes is refused.
    ("quotes", {"text": "Texte", "quotes": [{"id": 1, "company": "Alpha SA"}]}),
    ("text", {"text": "Texte\x00caché"}),
    ("text", {"text": "x" * 20_001}),
    ("text", {"text": "   "}),
    ("public", {"text": "Texte", "public": "peut-être"}),
    ("version", {"text": "Texte", "version": "deux"}),
]


@pytest.mark.parametrize(("field", "body"), BAD_BODIES)
def test_a_bad_body_is_400_naming_the_field_and_changes_nothing(api_client, world, field, body):
    joint = _draft(world)
    before = _stored(joint)
    api_client.force_authenticate(world["chair"])

    response = api_client.put(_url(world), {"version": joint.version, **body}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert SECRET not in response.content.decode()
    assert _stored(joint) == before


def test_get_reads_the_quotes_in_the_same_queries_for_one_and_two(api_client, world, django_assert_num_queries):
    joint = _draft(world, names=("Alpha",))
    api_client.force_authenticate(world["staff"])

    with django_assert_num_queries(3):  # the joint position, its quotes, their companies
        one = api_client.get(_url(world)).json()
    joint.quotes.add(world["positions"]["Beta"])
    with django_assert_num_queries(3):
        two = api_client.get(_url(world)).json()

    assert (len(one["quoted_positions"]), len(two["quoted_positions"])) == (1, 2)


def test_the_schema_says_quotes_are_ids_both_ways():
    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]

    read, write = components["JointPosition"]["properties"], components["JointPositionWriteRequest"]["properties"]

    assert read["quotes"]["items"] == {"type": "integer"}
    assert write["quotes"]["items"]["type"] == "integer"
    assert read["quoted_positions"]["items"] == {"$ref": "#/components/schemas/QuotedPosition"}
    assert set(components["QuotedPosition"]["properties"]) == {"id", "company", "stance", "argument"}
