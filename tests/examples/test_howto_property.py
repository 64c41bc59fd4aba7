from hypothesis import given, settings

from fakepush.strategies import registration_bodies


@settings(max_examples=25, deadline=None)
@given(body=registration_bodies(now=1_893_456_000_000))
def test_every_valid_registration_is_stored(fakepush_server, body):
    with fakepush_server.fresh() as fake:  # reset on entry: one clean fake per example
        fake.clock.freeze(1_893_456_000_000)  # the `now` the strategy used
        client = fake.client()
        registrations = f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations"

        assert client.post(registrations, json=body).status_code == 200
        assert fake.backendless.device(body["deviceId"]) is not None

